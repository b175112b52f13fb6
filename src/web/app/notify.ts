/**
 * Telling the agent about a new assignment: a desktop notification (when allowed) and a
 * short beep made with WebAudio (no sound file to download).
 */

let audio: AudioContext | undefined;

/** Browsers start audio only after a user gesture: call this from one (login, a click). */
export function unlockAudio(): void {
  try {
    audio ??= new AudioContext();
    if (audio.state === 'suspended') void audio.resume();
  } catch {
    // no WebAudio: notifications still work
  }
}

export function beep(): void {
  try {
    audio ??= new AudioContext();
    const now = audio.currentTime;
    const tone = audio.createOscillator();
    const gain = audio.createGain();
    tone.type = 'sine';
    tone.frequency.setValueAtTime(880, now);
    tone.frequency.setValueAtTime(1320, now + 0.12);
    gain.gain.setValueAtTime(0.0001, now);
    gain.gain.exponentialRampToValueAtTime(0.18, now + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, now + 0.3);
    tone.connect(gain).connect(audio.destination);
    tone.start(now);
    tone.stop(now + 0.32);
  } catch {
    // audio unavailable
  }
}

export function canAskForNotifications(): boolean {
  return typeof Notification !== 'undefined' && Notification.permission === 'default';
}

export async function askForNotifications(): Promise<void> {
  unlockAudio();
  if (typeof Notification !== 'undefined') await Notification.requestPermission();
}

/** A desktop notification (if permitted) and a beep; clicking it opens the conversation. */
export function announce(title: string, body: string, tag: string, onClick: () => void): void {
  beep();
  if (typeof Notification === 'undefined' || Notification.permission !== 'granted') return;
  try {
    const notification = new Notification(title, { body, tag });
    notification.onclick = () => {
      window.focus();
      onClick();
      notification.close();
    };
  } catch {
    // some browsers only allow notifications from a service worker
  }
}
