#include "gemba/store/postgres/placeholders.h"

#include <gtest/gtest.h>

namespace gemba::store::postgres {
namespace {

TEST(NumberPlaceholdersTest, NumbersOnlyPlaceholdersOutsideLiteralsAndComments) {
  struct Case {
    const char* sql;
    const char* numbered;
    int count;
  };
  const Case cases[] = {
      {"SELECT 1", "SELECT 1", 0},
      {"a = ? AND b = ?", "a = $1 AND b = $2", 2},
      {"?,?,?", "$1,$2,$3", 3},
      {"'?'", "'?'", 0},
      {"'it''s ?' = ?", "'it''s ?' = $1", 1},
      {"'' || ? || ''", "'' || $1 || ''", 1},
      {"E'\\'?' = ?", "E'\\'?' = $1", 1},
      {"name'\\' = ?", "name'\\' = $1", 1},  // not an E string: the backslash is plain
      {"\"col?\" = ?", "\"col?\" = $1", 1},
      {"\"a\"\"?\" = ?", "\"a\"\"?\" = $1", 1},
      {"x -- ?\n= ?", "x -- ?\n= $1", 1},
      {"x -- ? to the end", "x -- ? to the end", 0},
      {"/* ? */ ?", "/* ? */ $1", 1},
      {"/* /* ? */ ? */ ?", "/* /* ? */ ? */ $1", 1},
      {"$$ ? $$ = ?", "$$ ? $$ = $1", 1},
      {"$fn$ '?' $x$ ? $fn$ ?", "$fn$ '?' $x$ ? $fn$ $1", 1},
      {"$1 = ?", "$1 = $1", 1},
      {"a$b = ?", "a$b = $1", 1},
      {"x - ? / ?", "x - $1 / $2", 2},
      {"'unterminated ?", "'unterminated ?", 0},
      {"/* unterminated ?", "/* unterminated ?", 0},
  };
  for (const Case& c : cases) {
    const NumberedSql n = number_placeholders(c.sql);
    EXPECT_EQ(n.sql, c.numbered) << c.sql;
    EXPECT_EQ(n.placeholders, c.count) << c.sql;
  }
}

}  // namespace
}  // namespace gemba::store::postgres
