/**
 * Short tones for the desk, made with Web Audio (no files to load): the librarian hears what to do
 * with a book without looking. Each action has its own tune.
 */
export type Tune = 'ok' | 'hold' | 'transit' | 'error';

const TUNES: Record<Tune, [number, number][]> = {
  ok: [[880, 0.09]],
  hold: [[660, 0.12], [880, 0.12], [1100, 0.18]],
  transit: [[523, 0.15], [392, 0.25]],
  error: [[220, 0.25], [180, 0.35]],
};

let audio: AudioContext | null = null;

export function play(tune: Tune): void {
  try {
    const Ctor = window.AudioContext ?? (window as unknown as { webkitAudioContext?: typeof AudioContext }).webkitAudioContext;
    if (!Ctor) return;
    audio ??= new Ctor();
    let at = audio.currentTime;
    for (const [freq, len] of TUNES[tune]) {
      const osc = audio.createOscillator();
      const gain = audio.createGain();
      osc.type = tune === 'error' ? 'square' : 'sine';
      osc.frequency.value = freq;
      gain.gain.setValueAtTime(0.2, at);
      gain.gain.exponentialRampToValueAtTime(0.001, at + len);
      osc.connect(gain).connect(audio.destination);
      osc.start(at);
      osc.stop(at + len);
      at += len;
    }
    (window as unknown as { __tianyiLastTune?: string }).__tianyiLastTune = tune;
  } catch {
    /* no sound on this device */
  }
}
