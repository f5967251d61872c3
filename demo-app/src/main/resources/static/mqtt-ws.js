// A small MQTT 3.1.1 client over WebSocket, enough for a dashboard: CONNECT, SUBSCRIBE (QoS 0),
// receiving PUBLISH (acknowledging QoS 1), keep-alive. Packets may span WebSocket messages and
// one message may hold several packets, so incoming bytes are buffered and cut by Remaining Length.
class MqttWebSocketClient {

  constructor(url, clientId, keepAliveSeconds = 30) {
    this.url = url;
    this.clientId = clientId;
    this.keepAlive = keepAliveSeconds;
    this.handlers = [];
    this.onconnect = () => {};
    this.onclose = () => {};
    this.buffer = new Uint8Array(0);
    this.nextId = 1;
    this.encoder = new TextEncoder();
    this.decoder = new TextDecoder();
  }

  connect() {
    this.socket = new WebSocket(this.url, ['mqtt']);
    this.socket.binaryType = 'arraybuffer';
    this.socket.onopen = () => this.send(0x10, [
      this.string('MQTT'), [0x04, 0x02, this.keepAlive >> 8, this.keepAlive & 0xff], this.string(this.clientId)]);
    this.socket.onmessage = (event) => this.receive(new Uint8Array(event.data));
    this.socket.onclose = () => {
      clearInterval(this.pinger);
      this.onclose();
    };
  }

  subscribe(filter, handler) {
    this.handlers.push({ filter, handler });
    const id = this.nextId++;
    this.send(0x82, [[id >> 8, id & 0xff], this.string(filter), [0]]);
  }

  string(text) {
    const bytes = this.encoder.encode(text);
    return [bytes.length >> 8, bytes.length & 0xff, ...bytes];
  }

  send(firstByte, parts) {
    const body = parts.flat();
    const header = [firstByte];
    let length = body.length;
    do {
      let digit = length % 128;
      length = Math.floor(length / 128);
      header.push(length > 0 ? digit | 0x80 : digit);
    } while (length > 0);
    this.socket.send(new Uint8Array([...header, ...body]));
  }

  receive(bytes) {
    const joined = new Uint8Array(this.buffer.length + bytes.length);
    joined.set(this.buffer);
    joined.set(bytes, this.buffer.length);
    this.buffer = joined;
    while (true) {
      let length = 0, multiplier = 1, index = 1, digit;
      do {
        if (index >= this.buffer.length) return;
        digit = this.buffer[index++];
        length += (digit & 0x7f) * multiplier;
        multiplier *= 128;
      } while (digit & 0x80);
      if (this.buffer.length < index + length) return;
      this.handle(this.buffer[0], this.buffer.subarray(index, index + length));
      this.buffer = this.buffer.slice(index + length);
    }
  }

  handle(firstByte, body) {
    switch (firstByte >> 4) {
      case 2: // CONNACK
        if (body[1] === 0) {
          this.pinger = setInterval(() => this.send(0xc0, []), this.keepAlive * 500);
          this.onconnect();
        }
        break;
      case 3: { // PUBLISH
        const qos = (firstByte >> 1) & 0x03;
        const topicLength = (body[0] << 8) | body[1];
        const topic = this.decoder.decode(body.subarray(2, 2 + topicLength));
        let offset = 2 + topicLength;
        if (qos > 0) {
          this.send(0x40, [[body[offset], body[offset + 1]]]);
          offset += 2;
        }
        const payload = this.decoder.decode(body.subarray(offset));
        const retained = (firstByte & 0x01) === 1;
        this.handlers.filter((h) => MqttWebSocketClient.matches(h.filter, topic))
          .forEach((h) => h.handler(topic, payload, retained));
        break;
      }
      default: // SUBACK, PINGRESP
        break;
    }
  }

  static matches(filter, topic) {
    const f = filter.split('/'), t = topic.split('/');
    if (topic.startsWith('$') && (f[0] === '+' || f[0] === '#')) return false;
    for (let i = 0; i < f.length; i++) {
      if (f[i] === '#') return true;
      if (i >= t.length || (f[i] !== '+' && f[i] !== t[i])) return false;
    }
    return f.length === t.length;
  }
}
