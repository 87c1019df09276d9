#include "core/escpos.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

using namespace ocop;

namespace {

std::string bytes(std::initializer_list<int> list)
{
    std::string s;
    for (int b : list)
        s.push_back(static_cast<char>(static_cast<unsigned char>(b)));
    return s;
}

const std::string kInit = bytes({0x1B, 0x40});
const std::string kCut = bytes({0x1D, 0x56, 0x42, 0x00});

std::string rasterHeader(int bytesPerRow, int rows)
{
    return bytes({0x1D, 0x76, 0x30, 0x00, bytesPerRow & 0xFF, bytesPerRow >> 8, rows & 0xFF, rows >> 8});
}

} // namespace

TEST(MonoBitmap, BlankIsWhiteWithRoundedRows)
{
    const MonoBitmap b = MonoBitmap::blank(10, 3);
    EXPECT_EQ(b.width, 10);
    EXPECT_EQ(b.height, 3);
    EXPECT_EQ(b.bytesPerRow(), 2);
    EXPECT_EQ(b.rows.size(), 6u);
    for (int y = 0; y < 3; ++y)
        for (int x = 0; x < 10; ++x)
            EXPECT_FALSE(b.pixel(x, y));
    EXPECT_EQ(MonoBitmap::blank(-5, 2).rows.size(), 0u);
}

TEST(MonoBitmap, SetUsesMsbAsLeftmostPixel)
{
    MonoBitmap b = MonoBitmap::blank(16, 2);
    b.set(0, 0, true);
    b.set(9, 1, true);
    b.set(15, 1, true);
    EXPECT_EQ(b.rows[0], 0x80);
    EXPECT_EQ(b.rows[1], 0x00);
    EXPECT_EQ(b.rows[2], 0x00);
    EXPECT_EQ(b.rows[3], 0x41);
    EXPECT_TRUE(b.pixel(0, 0));
    EXPECT_TRUE(b.pixel(9, 1));
    EXPECT_FALSE(b.pixel(8, 1));
    b.set(9, 1, false);
    EXPECT_EQ(b.rows[3], 0x01);
    // Out of range: ignored / white.
    b.set(-1, 0, true);
    b.set(16, 0, true);
    b.set(0, 2, true);
    EXPECT_FALSE(b.pixel(16, 0));
    EXPECT_FALSE(b.pixel(0, -1));
    EXPECT_EQ(b.rows.size(), 4u);
}

TEST(EscPos, TinyBitmapExactBytes)
{
    // 8 x 2: a diagonal-ish pattern.
    MonoBitmap b = MonoBitmap::blank(8, 2);
    b.set(0, 0, true);
    b.set(7, 0, true);
    b.set(3, 1, true);
    const std::string out = encodeEscPosRaster(b, EscPosOptions{256, 3, true});
    const std::string expected = kInit + rasterHeader(1, 2) + bytes({0x81, 0x10}) + bytes({0x1B, 0x64, 3}) + kCut;
    EXPECT_EQ(out, expected);
}

TEST(EscPos, DefaultOptionsFeedAndCut)
{
    const MonoBitmap b = MonoBitmap::blank(8, 1);
    const std::string out = encodeEscPosRaster(b);
    EXPECT_EQ(out, kInit + rasterHeader(1, 1) + bytes({0x00}) + bytes({0x1B, 0x64, 4}) + kCut);
}

TEST(EscPos, NoCutNoFeed)
{
    MonoBitmap b = MonoBitmap::blank(8, 1);
    b.set(1, 0, true);
    EXPECT_EQ(encodeEscPosRaster(b, EscPosOptions{256, 0, false}), kInit + rasterHeader(1, 1) + bytes({0x40}));
    // Feed without cut.
    EXPECT_EQ(encodeEscPosRaster(b, EscPosOptions{256, 5, false}),
              kInit + rasterHeader(1, 1) + bytes({0x40}) + bytes({0x1B, 0x64, 5}));
}

TEST(EscPos, WidthNotMultipleOfEightRoundsUpAndMasksPadding)
{
    // 10 pixels wide -> 2 bytes per row; the 6 padding bits stay white even if
    // the caller's buffer has garbage there.
    MonoBitmap b = MonoBitmap::blank(10, 1);
    b.set(9, 0, true);
    b.rows[1] |= 0x3F; // garbage in the padding bits
    const std::string out = encodeEscPosRaster(b, EscPosOptions{256, 0, false});
    EXPECT_EQ(out, kInit + rasterHeader(2, 1) + bytes({0x00, 0x40}));

    const MonoBitmap one = MonoBitmap::blank(1, 1);
    EXPECT_EQ(encodeEscPosRaster(one, EscPosOptions{256, 0, false}), kInit + rasterHeader(1, 1) + bytes({0x00}));

    const MonoBitmap w = MonoBitmap::blank(383, 1);
    EXPECT_EQ(w.bytesPerRow(), 48);
}

TEST(EscPos, TallImagesAreSplitIntoBands)
{
    // 576 wide (72 bytes per row) x 600 rows -> bands of 256, 256, 88.
    MonoBitmap b = MonoBitmap::blank(paperWidthDots(PaperWidth::Mm80), 600);
    for (int y = 0; y < 600; ++y)
        b.set(y % 576, y, true);
    const std::string out = encodeEscPosRaster(b, EscPosOptions{256, 2, true});

    std::size_t pos = 0;
    ASSERT_EQ(out.substr(pos, 2), kInit);
    pos += 2;
    int row = 0;
    for (int band : {256, 256, 88}) {
        ASSERT_EQ(out.substr(pos, 8), rasterHeader(72, band)) << "band at row " << row;
        pos += 8;
        for (int y = row; y < row + band; ++y) {
            const std::string expectedRow(reinterpret_cast<const char*>(b.rows.data()) + static_cast<std::size_t>(y) * 72, 72);
            ASSERT_EQ(out.substr(pos, 72), expectedRow) << "row " << y;
            pos += 72;
        }
        row += band;
    }
    EXPECT_EQ(out.substr(pos), bytes({0x1B, 0x64, 2}) + kCut);
    EXPECT_EQ(out.size(), 2 + 3 * 8 + 600 * 72 + 3 + 4u);
}

TEST(EscPos, ExactMultipleOfBandHasNoEmptyBand)
{
    const MonoBitmap b = MonoBitmap::blank(384, 512);
    const std::string out = encodeEscPosRaster(b, EscPosOptions{256, 0, false});
    EXPECT_EQ(out.size(), 2 + 2 * (8 + 256 * 48u));
    EXPECT_EQ(out.substr(2, 8), rasterHeader(48, 256));
    EXPECT_EQ(out.substr(2 + 8 + 256 * 48, 8), rasterHeader(48, 256));
}

TEST(EscPos, BandRowsAreClamped)
{
    MonoBitmap b = MonoBitmap::blank(8, 3);
    // bandRows 0 is treated as 1: three one-row bands.
    const std::string out = encodeEscPosRaster(b, EscPosOptions{0, 0, false});
    EXPECT_EQ(out, kInit + rasterHeader(1, 1) + bytes({0}) + rasterHeader(1, 1) + bytes({0}) + rasterHeader(1, 1) +
                       bytes({0}));
    // Rows above 255 use the high byte.
    const MonoBitmap tall = MonoBitmap::blank(8, 300);
    const std::string big = encodeEscPosRaster(tall, EscPosOptions{1000, 0, false});
    EXPECT_EQ(big.substr(2, 8), rasterHeader(1, 300));
    EXPECT_EQ(big.size(), 2 + 8 + 300u);
}

TEST(EscPos, EmptyBitmapHasNoRaster)
{
    EXPECT_EQ(encodeEscPosRaster(MonoBitmap{}), kInit + bytes({0x1B, 0x64, 4}) + kCut);
    EXPECT_EQ(encodeEscPosRaster(MonoBitmap::blank(0, 10), EscPosOptions{256, 0, false}), kInit);
}

TEST(EscPos, ShortRowBufferReadsAsWhite)
{
    MonoBitmap b;
    b.width = 8;
    b.height = 2;
    b.rows = {0xFF}; // second row missing
    EXPECT_EQ(encodeEscPosRaster(b, EscPosOptions{256, 0, false}), kInit + rasterHeader(1, 2) + bytes({0xFF, 0x00}));
}

TEST(EscPos, PaperWidths)
{
    EXPECT_EQ(paperWidthDots(PaperWidth::Mm58), 384);
    EXPECT_EQ(paperWidthDots(PaperWidth::Mm80), 576);
}
