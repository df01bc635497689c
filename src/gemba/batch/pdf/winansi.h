#pragma once
// UTF-8 → WinAnsiEncoding (Windows code page 1252), the single-byte encoding the PDF's built-in
// Helvetica is set in. Pure; thread-safe.

#include <cstddef>
#include <string>
#include <string_view>

namespace gemba::batch::pdf {

// Converts UTF-8 text to WinAnsi bytes, one byte per character: ASCII and Latin-1 (é, ü, °, µ)
// map to themselves, the typographic characters of 0x80–0x9F (– — ‘ ’ “ ” … € ™ •) to their
// code-page slots. Characters outside the code page, control characters and invalid UTF-8
// sequences (one '?' per bad byte) become '?'. A tab becomes a space; '\n' is kept (the caller
// breaks paragraphs on it) and "\r\n" and a lone '\r' become '\n'. The result never contains NUL.
std::string utf8_to_winansi(std::string_view utf8);

// Decodes one UTF-8 sequence at `s[i]` (REQUIRES: i < s.size()) into `cp`; returns its length,
// or 0 if it is invalid (overlong, surrogate, beyond U+10FFFF or truncated).
std::size_t decode_utf8(std::string_view s, std::size_t i, char32_t& cp);

}  // namespace gemba::batch::pdf
