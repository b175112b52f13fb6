"""A WebSocket client that stops reading: connects with a tiny receive buffer, sends one
frame, sleeps, then drains the socket and prints the close code the server sent (or -1)."""
import base64, json, os, socket, struct, sys, time

host, port, path, first_frame, sleep_s = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], float(sys.argv[5])
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
s.connect((host, port))
key = base64.b64encode(os.urandom(16)).decode()
s.sendall(f"GET {path} HTTP/1.1\r\nHost: {host}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n".encode())
head = b""
while b"\r\n\r\n" not in head:
    head += s.recv(1)
payload = first_frame.encode()
mask = os.urandom(4)
masked = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
assert len(payload) < 126
s.sendall(bytes([0x81, 0x80 | len(payload)]) + mask + masked)
print("sent", flush=True)
time.sleep(sleep_s)
s.settimeout(5)
buf = b""
try:
    while True:
        chunk = s.recv(1 << 20)
        if not chunk:
            break
        buf += chunk
except socket.timeout:
    pass
code = -1
i = 0
while i + 2 <= len(buf):
    op = buf[i] & 0x0F
    n = buf[i + 1] & 0x7F
    j = i + 2
    if n == 126:
        n = struct.unpack(">H", buf[j:j + 2])[0]; j += 2
    elif n == 127:
        n = struct.unpack(">Q", buf[j:j + 8])[0]; j += 8
    if op == 8 and n >= 2:
        code = struct.unpack(">H", buf[j:j + 2])[0]
    i = j + n
print(json.dumps({"closeCode": code, "bytes": len(buf)}), flush=True)
