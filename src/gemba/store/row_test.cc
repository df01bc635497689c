#include <gtest/gtest.h>

#include "gemba/store/database.h"

namespace gemba::store {
namespace {

TEST(RowTest, NumericAccessorsConvertBetweenIntegerAndReal) {
  const Row row({std::int64_t(7), 2.75, std::string("42"), std::string("1.5")});
  EXPECT_EQ(row.int64(0), 7);
  EXPECT_EQ(row.real(0), 7.0);
  EXPECT_EQ(row.int64(1), 2);
  EXPECT_EQ(row.real(1), 2.75);
  EXPECT_EQ(row.int64(2), 42);
  EXPECT_EQ(row.real(3), 1.5);
}

TEST(RowTest, NullReadsAsEmptyOrZeroAndAsNulloptInOptionals) {
  const Row row({nullptr});
  EXPECT_TRUE(row.is_null(0));
  EXPECT_EQ(row.text(0), "");
  EXPECT_TRUE(row.blob(0).empty());
  EXPECT_EQ(row.int64(0), 0);
  EXPECT_EQ(row.real(0), 0.0);
  EXPECT_EQ(row.opt_text(0), std::nullopt);
  EXPECT_EQ(row.opt_int64(0), std::nullopt);
}

TEST(RowTest, TextAndBlobAreReturnedAsStored) {
  const Row row({std::string("Größe"), Blob{0, 1, 255}, std::int64_t(-3)});
  EXPECT_EQ(row.size(), 3u);
  EXPECT_EQ(row.text(0), "Größe");
  EXPECT_EQ(row.opt_text(0), "Größe");
  EXPECT_EQ(row.blob(1), (Blob{0, 1, 255}));
  EXPECT_EQ(row.opt_int64(2), -3);
}

TEST(RowTest, MissingColumnsAndMismatchedTypesThrow) {
  const Row row({std::int64_t(1)});
  EXPECT_THROW((void)row.int64(1), std::out_of_range);
  EXPECT_THROW((void)row.text(0), std::bad_variant_access);
  EXPECT_THROW((void)row.blob(0), std::bad_variant_access);
}

}  // namespace
}  // namespace gemba::store
