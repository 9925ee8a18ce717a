#!/usr/bin/env bash
# Print the path of a working Python 3.10 (Rasa 3.6 needs it), or fail with a clear message.
set -u
try() { "$@" -c 'import sys; assert sys.version_info[:2] == (3, 10)' >/dev/null 2>&1; }
if try python3.10; then command -v python3.10; exit 0; fi
# pyenv shims answer "command not found" unless 3.10 is the selected version.
for candidate in "${PYENV_ROOT:-$HOME/.pyenv}"/versions/3.10*/bin/python3.10 /usr/bin/python3.10 /usr/local/bin/python3.10; do
  if [ -x "$candidate" ] && try "$candidate"; then echo "$candidate"; exit 0; fi
done
echo "error: python3.10 was not found. Rasa 3.6 needs Python 3.10: install python3.10 and put it on PATH." >&2
exit 1
