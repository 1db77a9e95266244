#!/usr/bin/env python3
"""Runs a command with one kind of socket refused, as a kernel without that protocol refuses it.

    refuse-socket.py DOMAIN PROTOCOL ERRNO COMMAND [ARG...]

A seccomp filter makes socket(DOMAIN, any type, PROTOCOL) fail with ERRNO in COMMAND and its threads; nothing
else changes. socket(AF_NETLINK=16, …, NETLINK_NETFILTER=12) failing with EPROTONOSUPPORT=93 is what a kernel
without nfnetlink (so without nf_tables) answers; socket(AF_INET=2, …, IPPROTO_RAW=255) failing with EPERM=1 is
what libiptc meets where the legacy x_tables sockets are forbidden. x86_64 only.
"""
import ctypes
import os
import struct
import sys

PR_SET_NO_NEW_PRIVS, PR_SET_SECCOMP, SECCOMP_MODE_FILTER = 38, 22, 2
AUDIT_ARCH_X86_64, NR_SOCKET = 0xC000003E, 41
LD, JEQ, RET = 0x20, 0x15, 0x06
ALLOW, ERRNO = 0x7FFF0000, 0x00050000


def main():
    domain, protocol, errno = (int(value) for value in sys.argv[1:4])
    allow = 9
    program = [
        (LD, 0, 0, 4), (JEQ, 0, allow - 2, AUDIT_ARCH_X86_64),
        (LD, 0, 0, 0), (JEQ, 0, allow - 4, NR_SOCKET),
        (LD, 0, 0, 16), (JEQ, 0, allow - 6, domain),
        (LD, 0, 0, 32), (JEQ, 0, allow - 8, protocol),
        (RET, 0, 0, ERRNO | errno), (RET, 0, 0, ALLOW),
    ]
    filters = ctypes.create_string_buffer(b"".join(struct.pack("HBBI", *instruction) for instruction in program))
    fprog = struct.pack("HxxxxxxP", len(program), ctypes.addressof(filters))
    libc = ctypes.CDLL(None, use_errno=True)
    buffer = ctypes.create_string_buffer(fprog)
    if libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0 or libc.prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, buffer, 0, 0) != 0:
        sys.exit("refuse-socket: prctl: " + os.strerror(ctypes.get_errno()))
    os.execvp(sys.argv[4], sys.argv[4:])


main()
