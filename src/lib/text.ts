/** Text helpers for messages. */

/**
 * The first non-blank line of a message, trimmed. Parsers put excerpts of the input on later
 * lines (a YAML config's excerpt may hold a secret): only the first line is ever shown.
 */
export function firstLine(message: string): string {
  return message.split('\n').map((line) => line.trim()).find(Boolean) ?? ''
}
