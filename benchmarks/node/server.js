// Benchmark target on Node's ws package (the reference the small servers compare themselves to):
// /echo answers each message with itself, /broadcast says 'ready' to each new client and then sends each message
// to every other client,
// GET /heap returns the live heap after a collection. Usage: node --expose-gc server.js PORT
'use strict';
const http = require('http');
const { WebSocketServer } = require('ws');

const port = Number(process.argv[2] || 8080);
// Compression when a client offers it (browsers do), for every message as Tomcat does (ws skips small ones by default)
const options = { noServer: true, maxPayload: 64 * 1024, perMessageDeflate: { threshold: 0 } };
const echo = new WebSocketServer(options);
const broadcast = new WebSocketServer(options);

echo.on('connection', (ws) => ws.on('message', (data, isBinary) => ws.send(data, { binary: isBinary })));
broadcast.on('connection', (ws) => {
  // Tells the client that broadcasts reach it from now on
  ws.send('ready');
  ws.on('message', (data, isBinary) => {
    for (const client of broadcast.clients) {
      if (client !== ws && client.readyState === 1) client.send(data, { binary: isBinary });
    }
  });
});

const server = http.createServer((req, res) => {
  if (req.url === '/heap') {
    if (global.gc) global.gc();
    res.end(String(process.memoryUsage().heapUsed));
  } else {
    res.statusCode = 404;
    res.end();
  }
});
server.on('upgrade', (req, socket, head) => {
  const wss = req.url === '/echo' ? echo : req.url === '/broadcast' ? broadcast : null;
  if (!wss) {
    socket.destroy();
    return;
  }
  wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
});
server.listen(port, '127.0.0.1');
