/** Reads back the events `splitkit serve` stored in its NDJSON file, while it may still be writing. */
import { readFile } from 'node:fs/promises';

/** A stored event, as much of it as the example tests read. */
export interface StoredEvent {
  id?: string;
  type?: string;
  name?: string;
  source?: string;
  units?: { deviceID?: string; userID?: string };
  value?: unknown;
  variant?: string;
}

/**
 * The events in serve's NDJSON store `file` (none before it exists), in file order, only those of
 * `deviceID` when given. A line is an event or a batch of them; a line still being written is skipped.
 */
export async function storedEvents(file: string, deviceID?: string): Promise<StoredEvent[]> {
  const text = await readFile(file, 'utf8').catch(() => '');
  const events: StoredEvent[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    let parsed: StoredEvent & { events?: StoredEvent[] };
    try {
      parsed = JSON.parse(line);
    } catch {
      // Only the last line can be incomplete (the store appends whole lines); the next read has it.
      continue;
    }
    for (const event of parsed.events ?? [parsed])
      if (deviceID === undefined || event.units?.deviceID === deviceID) events.push(event);
  }
  return events;
}
