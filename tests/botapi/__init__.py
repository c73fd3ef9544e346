"""A Telegram Bot API emulator for tests: `python -m tests.botapi --port 0` prints `LISTENING <port>`."""
