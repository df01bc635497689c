#pragma once
// Numbers `?` placeholders for PostgreSQL: "a = ? AND b = ?" → "a = $1 AND b = $2".
//
// A `?` is left alone inside string literals ('…' with '' escapes, E'…' with backslash escapes),
// quoted identifiers ("…" with "" escapes), dollar-quoted strings ($$…$$, $tag$…$tag$), line
// comments (-- …) and block comments (/* … */, nested as PostgreSQL nests them). An unterminated
// literal or comment runs to the end of the text (the server then reports the syntax error).
//
// PostgreSQL's jsonb operators `?`, `?|`, `?&` cannot be told from placeholders: use
// jsonb_exists() / jsonb_exists_any() / jsonb_exists_all() instead.
//
// Pure function; thread-safe.

#include <string>
#include <string_view>

namespace gemba::store::postgres {

struct NumberedSql {
  std::string sql;
  int placeholders = 0;
};

NumberedSql number_placeholders(std::string_view sql);

}  // namespace gemba::store::postgres
