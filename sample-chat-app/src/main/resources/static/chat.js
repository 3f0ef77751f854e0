// The chat page: plain JavaScript, no build step. It talks JSON over one WebSocket; every message has a "type".
(() => {
  'use strict';
  const $ = (id) => document.getElementById(id);
  const state = { config: null, socket: null, nick: null, room: null, attempts: 0 };

  // Connection state on the page: connecting, connected, or disconnected with the time to the next try
  function showStatus(kind, text) {
    $('status').className = 'status ' + kind;
    $('status').textContent = text;
  }

  function connect() {
    const scheme = location.protocol === 'https:' ? 'wss://' : 'ws://';
    const socket = new WebSocket(scheme + location.host + state.config.path);
    state.socket = socket;
    showStatus('connecting', 'Connecting…');
    socket.onopen = () => {
      state.attempts = 0;
      showStatus('connected', 'Connected');
      if (state.nick) send({ type: 'join', nick: state.nick, room: state.room });  // back in after a reconnect
    };
    socket.onmessage = (event) => receive(JSON.parse(event.data));
    socket.onclose = () => {
      // Exponential backoff with jitter: 0.5 s, 1 s, 2 s ... up to 10 s, so a restarting server is not stormed
      const delay = Math.min(10000, 500 * 2 ** state.attempts++) * (0.75 + Math.random() / 2);
      showStatus('disconnected', 'Disconnected, reconnecting in ' + Math.ceil(delay / 1000) + ' s…');
      $('online').replaceChildren();  // who is online is unknown until we are back
      $('online-count').textContent = '?';
      setTimeout(connect, delay);
    };
  }

  function send(message) {
    if (state.socket && state.socket.readyState === WebSocket.OPEN) {
      state.socket.send(JSON.stringify(message));
      return true;
    }
    return false;
  }

  function receive(message) {
    switch (message.type) {
      case 'history':
        if (state.room && message.room !== state.room) return;  // the greeting's room, not ours
        $('messages').replaceChildren();
        message.messages.forEach(showChat);
        break;
      case 'chat': showChat(message); break;
      case 'join':
        if (message.nick === state.nick) state.joined = true;  // our own join came back: the nickname was accepted
        showNotice(message.time, message.nick + ' joined ' + message.room);
        break;
      case 'leave': showNotice(message.time, message.nick + ' left ' + message.room); break;
      case 'presence':
        $('online-count').textContent = message.online;
        $('online').replaceChildren(...message.nicks.map((nick) => item(nick)));
        break;
      case 'error':
        if (state.nick && !state.joined) {  // the nickname was refused: ask again
          state.nick = null;
          $('chat').hidden = true;
          $('nick-form').hidden = false;
          $('nick-error').textContent = message.message;
          $('nick-error').hidden = false;
        } else {
          showError(message.message);
        }
        break;
    }
  }

  function item(text, className) {
    const li = document.createElement('li');
    if (className) li.className = className;
    li.textContent = text;
    return li;
  }

  function span(text, className) {
    const s = document.createElement('span');
    s.className = className;
    s.textContent = text;
    return s;
  }

  function clock(time) {
    return new Date(time).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
  }

  function append(li) {
    const list = $('messages');
    const atBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 40;
    list.appendChild(li);
    if (atBottom) list.scrollTop = list.scrollHeight;
  }

  function showChat(message) {
    const li = item('', 'chat');
    li.append(span(clock(message.time), 'time'), span(message.nick, 'nick'), span(message.text, 'text'));
    append(li);
  }

  function showNotice(time, text) {
    const li = item('', 'notice');
    li.append(span(clock(time), 'time'), span(text, 'text'));
    append(li);
  }

  function showError(text) {
    $('error').textContent = text;
    $('error').hidden = false;
  }

  function showRooms() {
    $('rooms').replaceChildren(...state.config.rooms.map((room) => {
      const button = document.createElement('button');
      button.type = 'button';
      button.textContent = room;
      button.className = room === state.room ? 'current' : '';
      button.onclick = () => switchRoom(room);
      const li = document.createElement('li');
      li.append(button);
      return li;
    }));
    $('room-name').textContent = state.room;
  }

  function switchRoom(room) {
    if (room === state.room) return;
    state.room = room;
    showRooms();
    $('messages').replaceChildren();
    send({ type: 'join', nick: state.nick, room });
  }

  $('nick-form').onsubmit = (event) => {
    event.preventDefault();
    const nick = $('nick').value.trim();
    if (!nick) return;
    state.nick = nick;
    state.joined = false;
    state.room = state.room || state.config.rooms[0];
    $('nick-error').hidden = true;
    $('nick-form').hidden = true;
    $('chat').hidden = false;
    showRooms();
    send({ type: 'join', nick, room: state.room });
    $('message').focus();
  };

  $('message-form').onsubmit = (event) => {
    event.preventDefault();
    const text = $('message').value;
    if (!text.trim()) return;
    $('error').hidden = true;
    if (send({ type: 'chat', text })) $('message').value = '';
  };

  fetch('chat/config').then((response) => response.json()).then((config) => {
    state.config = config;
    connect();
  });
})();
