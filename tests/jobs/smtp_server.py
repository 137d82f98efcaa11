"""A tiny SMTP server on 127.0.0.1 for the tests: it greylists (answers 451 to) the first
``refusals`` messages, then accepts, and keeps what it accepted."""

import socketserver
import threading
from email import message_from_bytes
from email.message import Message


class _Session(socketserver.StreamRequestHandler):
    server: "SMTPServer"

    def reply(self, line: str) -> None:
        self.wfile.write(f"{line}\r\n".encode())

    def handle(self) -> None:
        self.reply("220 test.local ESMTP")
        recipients: list[str] = []
        while line := self.rfile.readline():
            command = line.decode(errors="replace").strip()
            verb = command.split(" ", 1)[0].upper()
            if verb in ("EHLO", "HELO"):
                self.reply("250 test.local")
            elif verb == "MAIL":
                recipients = []
                self.reply("250 OK")
            elif verb == "RCPT":
                recipients.append(command.split(":", 1)[1].strip(" <>"))
                self.reply("250 OK")
            elif verb == "DATA":
                self.reply("354 End data with <CR><LF>.<CR><LF>")
                body = b""
                while (chunk := self.rfile.readline()) not in (b".\r\n", b""):
                    body += chunk
                self.reply(self.server.receive(recipients, body))
            elif verb == "RSET":
                self.reply("250 OK")
            elif verb == "QUIT":
                self.reply("221 Bye")
                return
            else:
                self.reply("502 Command not implemented")


class SMTPServer(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, refusals: int = 0) -> None:
        super().__init__(("127.0.0.1", 0), _Session)
        self.refusals = refusals
        self.refused = 0
        self.accepted: list[tuple[list[str], Message]] = []
        self.lock = threading.Lock()

    @property
    def port(self) -> int:
        return self.server_address[1]

    def receive(self, recipients: list[str], body: bytes) -> str:
        with self.lock:
            if self.refused < self.refusals:
                self.refused += 1
                return "451 4.7.1 Greylisted, please try again later"
            self.accepted.append((recipients, message_from_bytes(body)))
            return "250 OK: queued"

    def __enter__(self) -> "SMTPServer":
        threading.Thread(target=self.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc) -> None:
        self.shutdown()
        self.server_close()
