#!/usr/bin/python3
"""Modbus TCP peer on Debian's python3-pymodbus (3.0.x) serving a meter's load profile. Loopback only, exits by itself.
usage: modbus-loadprofile-pymodbus.py <port> <seconds> <records> <firstEpoch> <intervalSeconds> <count> [timeOrder=abcd]
Holding registers (0-based): a ring buffer of <records> records of 6 registers from 1000; record k of <count> written
(k = 0..count-1) is in slot k mod records: time stamp first + k * interval (epoch seconds, uint32 in timeOrder abcd or
cdab) at 0, energy 100000 + 10 k (uint32 abcd) at 2, power (k mod 50) - 25 (int16) at 4, 0 at 5. HR 999 holds the
newest record's index, HR 996..997 the count of records written (uint32 abcd); slots never written hold 0xFFFF.
Every other register holds its address, as in modbus-server-pymodbus.py."""
import asyncio, sys
from pymodbus.datastore import ModbusSequentialDataBlock, ModbusSlaveContext, ModbusServerContext
from pymodbus.server import StartAsyncTcpServer

port = int(sys.argv[1])
secs = float(sys.argv[2])
records = int(sys.argv[3])
first = int(sys.argv[4])
interval = int(sys.argv[5])
count = int(sys.argv[6])
order = sys.argv[7] if len(sys.argv) > 7 else "abcd"
START, SIZE = 1000, 6

hr = list(range(START + records * SIZE + 16))
hr[START:START + records * SIZE] = [0xFFFF] * (records * SIZE)  # an empty ring, as a meter keeps one
for k in range(count):
    ts = first + k * interval
    hi, lo = (ts >> 16) & 0xFFFF, ts & 0xFFFF
    energy = 100000 + 10 * k
    power = ((k % 50) - 25) & 0xFFFF
    base = START + (k % records) * SIZE
    hr[base:base + 2] = [hi, lo] if order == "abcd" else [lo, hi]
    hr[base + 2:base + SIZE] = [(energy >> 16) & 0xFFFF, energy & 0xFFFF, power, 0]
if count > 0:
    hr[999] = (count - 1) % records
hr[996:998] = [(count >> 16) & 0xFFFF, count & 0xFFFF]

# zero_mode=True: request address N maps to block index N (no +1 offset)
slave = ModbusSlaveContext(di=ModbusSequentialDataBlock(0, [0] * 16), co=ModbusSequentialDataBlock(0, [0] * 16),
                           hr=ModbusSequentialDataBlock(0, hr), ir=ModbusSequentialDataBlock(0, [0] * 16),
                           zero_mode=True)
context = ModbusServerContext(slaves=slave, single=True)

async def main():
    asyncio.get_running_loop().call_later(secs, lambda: sys.exit(0))
    print(f"READY pymodbus load profile 127.0.0.1:{port} records={records} count={count} exitIn={secs}s", flush=True)
    await asyncio.wait_for(StartAsyncTcpServer(context=context, address=("127.0.0.1", port)), timeout=secs)

try:
    asyncio.run(main())
except (asyncio.TimeoutError, SystemExit, KeyboardInterrupt):
    print("STOP", flush=True)
