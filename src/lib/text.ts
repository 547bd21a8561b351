/** Text helpers for messages. */

/**
 * The first non-blank line of a message, trimmed. Parsers put excerpts of the input on later
 * lines (a YAML config's excerpt may hold a secret): only the first line is ever shown.
 */
export function firstLine(message: string): string {
  return message.split('\n').map((line) => line.trim()).find(Boolean) ?? ''
}

/**
 * `text` cut to `max` characters, saying how much was left out: a value quoted in a message
 * (a config value, a key) must not turn one line into megabytes.
 */
export function clip(text: string, max = 120): string {
  if (text.length <= max) return text
  return `${text.slice(0, max)}... (${text.length} characters)`
}
