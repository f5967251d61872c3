// The dashboard: one MQTT-over-WebSocket connection to the embedded broker, rooms drawn as readings arrive.
const rooms = new Map();

function card(floor, room) {
  const key = `${floor}-${room}`;
  if (!rooms.has(key)) {
    const element = document.createElement('article');
    element.className = 'room';
    element.id = `room-${key}`;
    element.innerHTML = `
      <header><h3>Room ${room}</h3><span class="status" id="status-${key}">unknown</span></header>
      <p class="temperature"><span id="temp-${key}">–</span> °C</p>
      <p class="alert" id="alert-${key}"></p>
      <button type="button" id="drop-${key}">Drop connection</button>`;
    element.querySelector('button').onclick = () =>
      fetch(`/api/devices/sensor-${floor}-${room}/drop`, { method: 'POST' });
    let floorSection = document.getElementById(`floor-${floor}`);
    if (!floorSection) {
      floorSection = document.createElement('section');
      floorSection.id = `floor-${floor}`;
      floorSection.className = 'floor';
      floorSection.innerHTML = `<h2>Floor ${floor}</h2><div class="rooms"></div>`;
      document.getElementById('floors').appendChild(floorSection);
    }
    floorSection.querySelector('.rooms').appendChild(element);
    rooms.set(key, element);
  }
  return key;
}

function onBuilding(topic, payload) {
  const [, floor, room, kind] = topic.split('/');
  if (!room || !kind) return;
  const key = card(floor, room);
  if (kind === 'temperature') {
    document.getElementById(`temp-${key}`).textContent = Number(payload).toFixed(1);
    chartTemperature(floor, room, Number(payload));
  } else if (kind === 'status') {
    const status = document.getElementById(`status-${key}`);
    status.textContent = payload;
    status.className = `status ${payload}`;
    document.getElementById(`room-${key}`).dataset.status = payload;
  } else if (kind === 'alert' && payload) {
    const alert = JSON.parse(payload);
    const element = document.getElementById(`alert-${key}`);
    element.textContent = alert.state === 'HOT' ? `Hot: above ${alert.threshold} °C` : '';
    document.getElementById(`room-${key}`).classList.toggle('hot', alert.state === 'HOT');
  }
}

function onSys(topic, payload) {
  const name = topic.substring('$SYS/broker/'.length);
  const cell = document.querySelector(`[data-sys="${name}"]`);
  if (cell) cell.textContent = payload;
  if (name === 'messages/received' || name === 'messages/sent') {
    chartCounter(name.replace('messages/', ''), Number(payload));
  }
}

function onNotification(topic, payload) {
  const item = document.createElement('li');
  item.textContent = `${new Date().toLocaleTimeString()} — ${payload}`;
  const list = document.getElementById('notifications');
  list.prepend(item);
  while (list.children.length > 20) list.lastChild.remove();
}

async function start() {
  const config = await (await fetch('/api/config')).json();
  const url = `ws://${location.hostname}:${config.webSocketPort}${config.webSocketPath}`;
  document.getElementById('mqtt-url').textContent = `mqtt://${location.hostname}:${config.mqttPort}`;
  const client = new MqttWebSocketClient(url, `dashboard-${Math.random().toString(16).slice(2, 10)}`);
  const state = document.getElementById('connection');
  client.onconnect = () => {
    state.textContent = 'connected';
    state.className = 'connected';
    client.subscribe('building/#', onBuilding);
    client.subscribe('$SYS/broker/#', onSys);
    client.subscribe('notifications/#', onNotification);
  };
  client.onclose = () => {
    state.textContent = 'disconnected';
    state.className = 'disconnected';
    setTimeout(start, 2000);
  };
  client.connect();
}

start();
