/**
 * Telegram's MarkdownV2 parse mode: every reserved character of user text is escaped, or Telegram
 * refuses the whole message ("can't parse entities"). Everything the bot sends is built from
 * `escape`d text plus the few markup helpers here.
 */

const RESERVED = /[_*[\]()~`>#+\-=|{}.!\\]/g

/** Text shown exactly as given. */
export const escape = (text: string): string => text.replace(RESERVED, (c) => `\\${c}`)

/** Bold text. */
export const bold = (text: string): string => `*${escape(text)}*`

/** Monospace text (inside `code`, only ` and \ are reserved). */
export const code = (text: string): string => `\`${text.replace(/[`\\]/g, (c) => `\\${c}`)}\``

/** A link; inside the URL part only ) and \ are reserved. */
export const link = (label: string, url: string): string => `[${escape(label)}](${url.replace(/[)\\]/g, (c) => `\\${c}`)})`
