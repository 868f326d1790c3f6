#!/usr/bin/env python3
"""The resident set of `engine serve` idle, right after a burst, and 5 s after the burst's
connections closed (docs/server.md, "Sizing memory"; issue #14, finding 2). Linux only: it reads
VmRSS from /proc/PID/status. Raw sockets and the wire format of docs/wire-protocol.md, so that the
client's own memory is not the server's.

  bench/memory-burst.py ENGINE connections [serve options...]
      1,000 connections, one small query each, held open, then closed.
  bench/memory-burst.py ENGINE COUNTxBYTES [serve options...]
      COUNT connections at once, each one query of about BYTES bytes (padded context), then closed.

  bench/memory-burst.py src/Engine.Host/bin/Release/net10.0/engine connections
  bench/memory-burst.py src/Engine.Host/bin/Release/net10.0/engine 32x16777216 --max-frame-bytes 16777216
"""
import re
import socket
import struct
import subprocess
import sys
import threading
import time

engine, scenario, extra = sys.argv[1], sys.argv[2], sys.argv[3:]
server = subprocess.Popen([engine, "serve", "--listen", "127.0.0.1:0", "--no-watch", *extra],
                          stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
address = None
for line in server.stdout:
    match = re.match(r"^engine serve: listening on (\S+) ", line)
    if match:
        address = match.group(1)
        break
threading.Thread(target=lambda: [None for _ in server.stdout], daemon=True).start()
host, port = address.rsplit(":", 1)


def resident_mb():
    for text in open(f"/proc/{server.pid}/status"):
        if text.startswith("VmRSS:"):
            return int(text.split()[1]) // 1024


def string(text):
    data = text.encode()
    return struct.pack("<H", len(data)) + data


def query(request_id, padding):
    """Alice deactivating her MFA device with MFA present (Allow under the example bundle)."""
    context = b"\x00" + string("aws:username") + string("alice")
    context += b"\x00" + string("aws:MultiFactorAuthPresent") + string("true")
    entries = 2
    if padding:
        count = padding // 32768 + 1
        context += b"\x01" + string("test:padding") + struct.pack("<H", count)
        context += b"".join(string("p" * (padding // count)) for _ in range(count))
        entries = 3
    user = "arn:aws:iam::111122223333:user/alice"
    body = string(user) + string("iam:DeactivateMFADevice") + string(user) + struct.pack("<H", entries) + context
    return struct.pack("<IBBBBQ", 12 + len(body), 0xAE, 1, 1, 0, request_id) + body


def read_frame(connection):
    header = b""
    while len(header) < 16:
        header += connection.recv(16 - len(header))
    length = struct.unpack("<I", header[:4])[0] + 4 - 16
    body = b""
    while len(body) < length:
        body += connection.recv(length - len(body))
    return header[6], body


def ask(frame):
    connection = socket.create_connection((host, int(port)))
    connection.sendall(frame)
    return connection, read_frame(connection)


ask(query(1, 0))[0].close()
time.sleep(1)
idle = resident_mb()
if scenario == "connections":
    held = [ask(query(i, 0))[0] for i in range(1000)]
    peak = resident_mb()
    for connection in held:
        connection.close()
else:
    count, size = (int(part) for part in scenario.split("x"))
    frame = query(7, size - 4096)
    answers = []

    def one():
        try:
            connection, (frame_type, body) = ask(frame)
            answers.append("decided" if frame_type == 2 else "error: " + body[3:].decode())
            connection.close()
        except OSError as error:
            answers.append(f"connection failed: {error.strerror}")

    threads = [threading.Thread(target=one) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    peak = resident_mb()
    print({answer: answers.count(answer) for answer in set(answers)})
time.sleep(5)
print(f"{scenario} {' '.join(extra)}: idle {idle} MB, right after the burst {peak} MB, "
      f"5 s after the close {resident_mb()} MB")
server.terminate()
server.wait()
