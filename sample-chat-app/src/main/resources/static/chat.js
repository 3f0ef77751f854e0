// The chat page: plain JavaScript, no build step. It talks JSON over one WebSocket; every message has a "type".
(() => {
  'use strict';
  const $ = (id) => document.getElementById(id);
  const state = {
    config: null,      // from /chat/config: the endpoint path, the rooms, the limits
    socket: null,
    nick: null,
    room: null,
    joined: false,     // whether the server accepted our nickname on this connection
    presence: {},      // who is online, by instance of the chat (one, unless it runs as a cluster)
    attempts: 0,       // failed connection attempts in a row, for the backoff
    lastHeard: 0,      // when the server last sent anything
    // Random per tab: lets this tab take its nickname back from its own old connection after a network drop
    token: sessionStorage.getItem('chat-token') || newToken(),
  };
  sessionStorage.setItem('chat-token', state.token);

  function newToken() {
    return (crypto.randomUUID ? crypto.randomUUID() : String(Math.random()).slice(2) + Date.now());
  }

  // Exponential backoff with jitter: 0.5 s, 1 s, 2 s ... up to 10 s, so a restarting server is not stormed
  function backoff() {
    return Math.min(10000, 500 * 2 ** state.attempts++) * (0.75 + Math.random() / 2);
  }

  function showStatus(kind, text) {
    $('status').className = 'status ' + kind;
    $('status').textContent = text;
    $('message-fields').disabled = kind !== 'connected';
  }

  function loadConfig() {
    fetch('chat/config')
      .then((response) => { if (!response.ok) throw new Error(response.status); return response.json(); })
      .then((config) => {
        state.config = config;
        $('nick').maxLength = config.maxNickLength;
        $('message').maxLength = config.maxMessageLength;
        connect();
      })
      .catch(() => {
        const delay = backoff();
        showStatus('disconnected', 'Server unreachable, retrying in ' + Math.ceil(delay / 1000) + ' s…');
        setTimeout(loadConfig, delay);
      });
  }

  function connect() {
    const scheme = location.protocol === 'https:' ? 'wss://' : 'ws://';
    const socket = new WebSocket(scheme + location.host + state.config.path);
    state.socket = socket;
    state.joined = false;
    showStatus('connecting', 'Connecting…');
    socket.onopen = () => {
      state.lastHeard = Date.now();
      showStatus('connected', 'Connected');
      // A server that accepts and then drops us at once must not get a retry every half second
      setTimeout(() => { if (state.socket === socket && socket.readyState === WebSocket.OPEN) state.attempts = 0; }, 5000);
      if (state.nick) join(state.nick, state.room);  // back in after a reconnect
    };
    socket.onmessage = (event) => {
      state.lastHeard = Date.now();
      receive(JSON.parse(event.data));
    };
    socket.onclose = () => {
      if (state.socket !== socket) return;
      const delay = backoff();
      showStatus('disconnected', 'Disconnected, reconnecting in ' + Math.ceil(delay / 1000) + ' s…');
      $('online').replaceChildren();  // who is online is unknown until we are back
      state.presence = {};
      $('online-count').textContent = '?';
      setTimeout(connect, delay);
    };
  }

  // A connection can die on the way without the browser noticing: ask the server now and then, and give up on a
  // connection that has been silent for too long
  setInterval(() => {
    const socket = state.socket;
    if (!socket || socket.readyState !== WebSocket.OPEN) return;
    if (Date.now() - state.lastHeard > 45000) {
      socket.close();
    } else {
      send({ type: 'ping' });
    }
  }, 20000);

  function send(message) {
    if (state.socket && state.socket.readyState === WebSocket.OPEN) {
      state.socket.send(JSON.stringify(message));
      return true;
    }
    return false;
  }

  function join(nick, room) {
    send({ type: 'join', nick, room, token: state.token });
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
      case 'presence': {
        // Each instance of the chat says who is on it; show those of the instances that are still live
        state.presence[message.instance] = message.online;
        Object.keys(state.presence).filter((id) => !message.instances.includes(id))
          .forEach((id) => delete state.presence[id]);
        const online = Object.values(state.presence).flat()
          .sort((a, b) => a.nick.localeCompare(b.nick, undefined, { sensitivity: 'base' }));
        $('online-count').textContent = online.length;
        $('online').replaceChildren(...online.map((member) => {
          const li = item(member.nick);
          li.append(span(member.room, 'where'));
          return li;
        }));
        break;
      }
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
    join(state.nick, room);
  }

  $('nick-form').onsubmit = (event) => {
    event.preventDefault();
    const nick = $('nick').value.trim();
    if (!nick || !state.config) return;
    state.nick = nick;
    state.joined = false;
    state.room = state.room || state.config.rooms[0];
    $('nick-error').hidden = true;
    $('nick-form').hidden = true;
    $('chat').hidden = false;
    showRooms();
    join(nick, state.room);
    $('message').focus();
  };

  $('message-form').onsubmit = (event) => {
    event.preventDefault();
    const text = $('message').value;
    if (!text.trim()) return;
    $('error').hidden = true;
    if (send({ type: 'chat', text })) $('message').value = '';
  };

  loadConfig();
})();
