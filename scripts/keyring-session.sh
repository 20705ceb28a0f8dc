#!/bin/sh
# Runs "$@" in a private D-Bus session with an unlocked gnome-keyring whose data lives in
# $XDG_DATA_HOME: a folder of the caller's, never the developer's own keyring. The keyring's
# password is $GATEHOUSE_KEYRING_PASSWORD (a throw-away one; letters, digits and dashes), and
# the command does not inherit it. Used by `npm test`, `npm run bench` and the team tests' devices.
#
# If the daemon dies (gnome-keyring-daemon once crashed mid-suite in CI, a GLib trap), the bus
# starts it again at the next request. The system's own service file would start it locked, asking
# for the password through a prompt nobody can see, and every keychain call after that would wait
# out its timeout. The service file written here, which the session bus prefers (it is in
# $XDG_DATA_HOME), starts it unlocked instead, on the same keyring and the secrets on disk.
set -eu
: "${XDG_DATA_HOME:?keyring-session.sh needs XDG_DATA_HOME: the keyring's own folder}"
password=${GATEHOUSE_KEYRING_PASSWORD:-gatehouse-test-keyring}
case $password in
  *[!A-Za-z0-9-]* | '')
    echo "keyring-session.sh: GATEHOUSE_KEYRING_PASSWORD may hold only letters, digits and dashes" >&2
    exit 2
    ;;
esac
mkdir -p "$XDG_DATA_HOME/dbus-1/services"
cat >"$XDG_DATA_HOME/dbus-1/services/org.freedesktop.secrets.service" <<EOF
[D-BUS Service]
Name=org.freedesktop.secrets
Exec=/bin/sh -c 'echo $password | exec gnome-keyring-daemon --unlock --foreground --components=secrets'
EOF
export GATEHOUSE_KEYRING_PASSWORD="$password"
exec dbus-run-session -- sh -c '
  echo "$GATEHOUSE_KEYRING_PASSWORD" | gnome-keyring-daemon --unlock --replace --daemonize --components=secrets >/dev/null
  unset GATEHOUSE_KEYRING_PASSWORD
  exec "$@"' sh "$@"
