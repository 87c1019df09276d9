#!/usr/bin/env python3
"""Writes beep.wav, the camera scanner's success sound: 80 ms of a 2 kHz sine,
16-bit mono PCM at 44.1 kHz, with 5 ms fades so it does not click.
Run once; the WAV is committed and shipped as a Qt resource (qml/CMakeLists.txt)."""
import math
import struct
import wave
from pathlib import Path

RATE, FREQ, SECONDS, FADE, LEVEL = 44100, 2000.0, 0.080, 0.005, 0.5

n = int(RATE * SECONDS)
fade = int(RATE * FADE)
frames = bytearray()
for i in range(n):
    envelope = min(1.0, i / fade, (n - 1 - i) / fade)
    sample = LEVEL * envelope * math.sin(2 * math.pi * FREQ * i / RATE)
    frames += struct.pack("<h", int(round(sample * 32767)))

with wave.open(str(Path(__file__).with_name("beep.wav")), "wb") as w:
    w.setnchannels(1)
    w.setsampwidth(2)
    w.setframerate(RATE)
    w.writeframes(bytes(frames))
