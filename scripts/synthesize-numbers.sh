#!/usr/bin/env bash
# Synthesize the bundled spoken-number recordings (data/audio/): "zero" … "eighty" with espeak-ng, converted
# with SoX to mono 16-bit PCM WAV at 22 050 Hz (espeak-ng's own rate, and the rate librosa.load resamples to
# in paper 004) with leading and trailing silence trimmed.
#
#   data/audio/numbers/N.wav          one recording per number, voice en-us, pitch 50, speed 175 wpm
#   data/audio/utterances/N_V_pP_sS.wav  a second utterance of each number with another voice variant V,
#                                     pitch P and speed S (words per minute), chosen deterministically from N
#   data/audio/{numbers,utterances}/manifest.csv and SHA256SUMS   provenance of each file and its checksum
#
# Needs espeak-ng and sox (Debian: apt-get install -y espeak-ng sox). Users and CI do not run this script:
# they use the committed files. Re-running it with the same tool versions reproduces them byte for byte.
#
# Usage: scripts/synthesize-numbers.sh [OUTPUT_DIR]   (default: data/audio next to this script's parent)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="${1:-$here/../data/audio}"
command -v espeak-ng >/dev/null || { echo "espeak-ng not found (apt-get install -y espeak-ng)" >&2; exit 1; }
command -v sox >/dev/null || { echo "sox not found (apt-get install -y sox)" >&2; exit 1; }

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$out/numbers" "$out/utterances"

# Raw espeak output (22.05 kHz mono 16-bit) kept at that rate, no dither (-D, reproducible), silence below 0.5% of full
# scale trimmed at both ends, 30 ms of silence added back on each side.
convert() {
  sox -D "$1" -r 22050 -c 1 -b 16 "$2" silence 1 0.01 0.5% reverse silence 1 0.01 0.5% reverse pad 0.03 0.03
}

# Voice variants, pitches and speeds of the second set: number N uses variant N mod 7, pitch (3N) mod 5 and
# speed (2N + ⌊N/4⌋) mod 4 (indices into the lists below).
voices=(en-gb+f2 en-us+m3 en-gb-scotland+f4 en-029+m7 en-gb-x-rp+f1 en-us+m6 en-gb+f5)
pitches=(25 38 50 62 75)
speeds=(130 150 195 220)

manifest="$out/utterances/manifest.csv"
echo "file,label,voice,pitch,speed_wpm" >"$manifest"
numbers_manifest="$out/numbers/manifest.csv"
echo "file,label,voice,pitch,speed_wpm" >"$numbers_manifest"

for n in $(seq 0 80); do
  espeak-ng -v en-us -p 50 -s 175 -w "$tmp/raw.wav" "$n"
  convert "$tmp/raw.wav" "$out/numbers/$n.wav"
  echo "$n.wav,$n,en-us,50,175" >>"$numbers_manifest"

  v="${voices[$((n % ${#voices[@]}))]}"
  p="${pitches[$(((3 * n) % ${#pitches[@]}))]}"
  s="${speeds[$(((2 * n + n / 4) % ${#speeds[@]}))]}"
  name="${n}_${v//+/-}_p${p}_s${s}.wav"
  espeak-ng -v "$v" -p "$p" -s "$s" -w "$tmp/raw.wav" "$n"
  convert "$tmp/raw.wav" "$out/utterances/$name"
  echo "$name,$n,$v,$p,$s" >>"$manifest"
done

# Checksums of each set, file names in byte order (LC_ALL=C): compare a re-run with `git diff` or `sha256sum -c`.
for set in numbers utterances; do
  (cd "$out/$set" && printf '%s\n' *.wav | LC_ALL=C sort | while read -r f; do sha256sum -- "$f"; done >SHA256SUMS)
done

echo "wrote 81 + 81 recordings under $out ($(du -sh "$out" | cut -f1))"
