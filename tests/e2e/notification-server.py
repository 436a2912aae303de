#!/usr/bin/python3
"""A desktop's notification server on the session bus, as the Desktop Notifications
Specification describes it (org.freedesktop.Notifications), for the window tests.

Each notification the app asks for is printed on stdout as one JSON line; `click ID` on stdin
clicks notification ID (the spec's `default` action, then closed as dismissed by the user).
Prints `ready` once it owns the name. Uses dbus-python, the freedesktop reference binding.
"""
import json
import sys

import dbus
import dbus.service
from dbus.mainloop.glib import DBusGMainLoop
from gi.repository import GLib

NAME = "org.freedesktop.Notifications"
PATH = "/org/freedesktop/Notifications"


class Server(dbus.service.Object):
    def __init__(self, bus):
        super().__init__(bus, PATH)
        self.last_id = 0

    @dbus.service.method(NAME, in_signature="susssasa{sv}i", out_signature="u")
    def Notify(self, app_name, replaces_id, icon, summary, body, actions, hints, timeout):
        self.last_id += 1
        shown = {"id": self.last_id, "app": str(app_name), "summary": str(summary), "body": str(body), "actions": [str(a) for a in actions]}
        print(json.dumps(shown, ensure_ascii=False), flush=True)
        return dbus.UInt32(self.last_id)

    @dbus.service.method(NAME, in_signature="u")
    def CloseNotification(self, notification_id):
        self.NotificationClosed(notification_id, dbus.UInt32(3))

    @dbus.service.method(NAME, out_signature="as")
    def GetCapabilities(self):
        return ["actions", "body"]

    @dbus.service.method(NAME, out_signature="ssss")
    def GetServerInformation(self):
        return ("myscihub-tests", "MySciHub", "1", "1.2")

    @dbus.service.signal(NAME, signature="us")
    def ActionInvoked(self, notification_id, action):
        pass

    @dbus.service.signal(NAME, signature="uu")
    def NotificationClosed(self, notification_id, reason):
        pass


def main():
    DBusGMainLoop(set_as_default=True)
    bus = dbus.SessionBus()
    server = Server(bus)
    _name = dbus.service.BusName(NAME, bus, do_not_queue=True)
    loop = GLib.MainLoop()

    def command(source, _condition):
        line = source.readline()
        if not line:
            loop.quit()
            return False
        verb, _, argument = line.strip().partition(" ")
        if verb == "click":
            server.ActionInvoked(dbus.UInt32(int(argument)), "default")
            server.NotificationClosed(dbus.UInt32(int(argument)), dbus.UInt32(2))
        return True

    GLib.io_add_watch(sys.stdin, GLib.IO_IN | GLib.IO_HUP, command)
    print("ready", flush=True)
    loop.run()


if __name__ == "__main__":
    main()
