#include "core/demo_catalog.h"

#include "core/catalog.h"
#include "core/errors.h"
#include "core/gtin.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>

using namespace ocop;

namespace {

// Built once: the tests read the same catalogs many ways.
const DemoCatalog& published()
{
    static const DemoCatalog cat = makeDemoCatalog();
    return cat;
}

const DemoCatalog& scaled16k()
{
    static const DemoCatalog cat = makeDemoCatalog(16'000);
    return cat;
}

// Hanoi's 30 districts and towns, written out independently of the generator.
const std::set<std::string> kHanoiDistricts{
    "Ba Đình", "Hoàn Kiếm", "Tây Hồ", "Long Biên", "Cầu Giấy", "Đống Đa", "Hai Bà Trưng", "Hoàng Mai",
    "Thanh Xuân", "Nam Từ Liêm", "Bắc Từ Liêm", "Hà Đông", "Sơn Tây", "Ba Vì", "Phúc Thọ", "Đan Phượng",
    "Hoài Đức", "Quốc Oai", "Thạch Thất", "Chương Mỹ", "Thanh Oai", "Thường Tín", "Phú Xuyên", "Ứng Hòa",
    "Mỹ Đức", "Mê Linh", "Sóc Sơn", "Đông Anh", "Gia Lâm", "Thanh Trì",
};

// Every field, one line per record: equal dumps mean equal catalogs.
std::string dump(const DemoCatalog& c)
{
    std::ostringstream out;
    for (const auto& s : c.points)
        out << s.code << '|' << s.name << '|' << s.address << '|' << s.district << '\n';
    for (const auto& p : c.producers)
        out << p.id << '|' << p.name << '|' << static_cast<int>(p.kind) << '|' << p.commune << '|' << p.district << '|'
            << p.province << '\n';
    for (const auto& p : c.products)
        out << p.code << '|' << p.gtin << '|' << p.nameVi << '|' << p.nameEn << '|' << static_cast<int>(p.group) << '|'
            << static_cast<int>(p.legacyGroup) << '|' << p.stars << '|' << p.potentialFiveStar << '|' << p.certificateNo
            << '|' << p.certificateIssuer << '|' << p.certificateIssued << '|' << p.certificateExpiry << '|'
            << p.producerId << '|' << p.unit << '|' << p.price << '|' << p.vatRate << '|' << p.active << '|' << p.image
            << '|' << p.traceUrl << '\n';
    for (auto s : c.openingStock)
        out << s << '\n';
    for (const auto& u : c.users)
        out << u.id << '|' << u.name << '|' << u.role << '|' << u.pin << '\n';
    return out.str();
}

std::map<LegacyGroup, std::size_t> byLegacyGroup(const DemoCatalog& c)
{
    std::map<LegacyGroup, std::size_t> n;
    for (const auto& p : c.products)
        ++n[p.legacyGroup];
    return n;
}

std::map<ProducerKind, std::size_t> byKind(const DemoCatalog& c)
{
    std::map<ProducerKind, std::size_t> n;
    for (const auto& p : c.producers)
        ++n[p.kind];
    return n;
}

bool hasNonAscii(const std::string& s)
{
    return std::any_of(s.begin(), s.end(), [](char ch) { return static_cast<unsigned char>(ch) >= 0x80; });
}

bool isValidUtf8(const std::string& s)
{
    for (std::size_t i = 0; i < s.size();) {
        const auto c = static_cast<unsigned char>(s[i]);
        const std::size_t len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
        if (len == 0 || i + len > s.size())
            return false;
        for (std::size_t k = 1; k < len; ++k)
            if ((static_cast<unsigned char>(s[i + k]) >> 6) != 0x2)
                return false;
        i += len;
    }
    return true;
}

void expectStructurallySound(const DemoCatalog& c)
{
    ASSERT_EQ(c.openingStock.size(), c.products.size());
    std::set<std::string> producerIds;
    for (const auto& p : c.producers)
        EXPECT_TRUE(producerIds.insert(p.id).second) << "duplicate producer id " << p.id;
    std::set<std::string> codes, gtins, names;
    std::map<std::string, std::size_t> productsOf;
    for (const auto& p : c.products) {
        EXPECT_NO_THROW(validateProduct(p)) << p.code;
        EXPECT_TRUE(codes.insert(p.code).second) << "duplicate code " << p.code;
        EXPECT_TRUE(gtins.insert(p.gtin).second) << "duplicate GTIN " << p.gtin;
        EXPECT_TRUE(names.insert(p.nameVi).second) << "duplicate name " << p.nameVi;
        EXPECT_EQ(p.gtin.size(), 13u) << p.code;
        EXPECT_EQ(p.gtin.substr(0, 3), "893") << p.code;
        EXPECT_TRUE(isValidGtin(p.gtin)) << p.code;
        EXPECT_EQ(producerIds.count(p.producerId), 1u) << p.code << " names unknown producer " << p.producerId;
        ++productsOf[p.producerId];
    }
    for (const auto& p : c.producers)
        EXPECT_GE(productsOf[p.id], 1u) << p.id << " has no products";
    for (auto s : c.openingStock) {
        EXPECT_GE(s, 0);
        EXPECT_LE(s, 200);
    }
}

} // namespace

TEST(DemoCatalog, ReproducesHanoiPublishedFigures)
{
    const auto& c = published();
    EXPECT_EQ(c.products.size(), 1054u);
    EXPECT_EQ(c.producers.size(), 255u);
    EXPECT_EQ(c.points.size(), 35u);

    const auto kinds = byKind(c);
    EXPECT_EQ(kinds.at(ProducerKind::Enterprise), 72u);
    EXPECT_EQ(kinds.at(ProducerKind::Cooperative), 82u);
    EXPECT_EQ(kinds.at(ProducerKind::Household), 101u);

    const auto groups = byLegacyGroup(c);
    EXPECT_EQ(groups.at(LegacyGroup::Food), 691u);
    EXPECT_EQ(groups.at(LegacyGroup::Drinks), 30u);
    EXPECT_EQ(groups.at(LegacyGroup::Herbal), 7u);
    EXPECT_EQ(groups.at(LegacyGroup::Textile), 27u);
    EXPECT_EQ(groups.at(LegacyGroup::SouvenirFurniture), 299u);
    EXPECT_EQ(groups.count(LegacyGroup::RuralTourism), 0u);
    for (const auto& p : c.products)
        EXPECT_EQ(p.group, groupFromLegacy(p.legacyGroup)) << p.code;
}

TEST(DemoCatalog, SeventeenPotentialFiveStarAndABelievableStarMix)
{
    const auto& c = published();
    std::map<int, std::size_t> stars;
    std::size_t potential = 0;
    for (const auto& p : c.products) {
        ++stars[p.stars];
        if (p.potentialFiveStar) {
            ++potential;
            EXPECT_EQ(p.stars, 4) << p.code << ": potential five-star products are rated four";
        }
    }
    EXPECT_EQ(potential, 17u);
    // Mostly three and four stars, a few five.
    EXPECT_GT(stars[3], c.products.size() / 2);
    EXPECT_GT(stars[4], c.products.size() / 5);
    EXPECT_GE(stars[5], 1u);
    EXPECT_LE(stars[5], 20u);
    EXPECT_EQ(stars[3] + stars[4] + stars[5], c.products.size());
}

TEST(DemoCatalog, SameInputsGiveIdenticalOutput)
{
    EXPECT_EQ(dump(makeDemoCatalog()), dump(published()));
    EXPECT_EQ(dump(makeDemoCatalog(300, 7)), dump(makeDemoCatalog(300, 7)));
    EXPECT_NE(dump(makeDemoCatalog(300, 7)), dump(makeDemoCatalog(300, 8)));
}

TEST(DemoCatalog, CodesGtinsAndNamesAreUniqueAndEveryProductValid)
{
    expectStructurallySound(published());
    const auto& c = published();
    EXPECT_EQ(c.products.front().code, "OCOP-00001");
    EXPECT_EQ(c.products.back().code, "OCOP-01054");
    const std::regex code(R"(OCOP-\d{5})");
    for (const auto& p : c.products)
        EXPECT_TRUE(std::regex_match(p.code, code)) << p.code;
}

TEST(DemoCatalog, EveryProducerMakesSomethingInItsOwnDistrict)
{
    const auto& c = published();
    std::set<std::string> ids;
    for (const auto& p : c.producers) {
        EXPECT_TRUE(ids.insert(p.id).second);
        EXPECT_EQ(kHanoiDistricts.count(p.district), 1u) << p.id << " in " << p.district;
        EXPECT_FALSE(p.commune.empty()) << p.id;
        EXPECT_EQ(p.province, "Hà Nội");
        const std::string_view prefix = p.kind == ProducerKind::Enterprise    ? "Công ty "
                                        : p.kind == ProducerKind::Cooperative ? "HTX "
                                                                              : "Hộ kinh doanh ";
        EXPECT_EQ(p.name.rfind(prefix, 0), 0u) << p.name;
    }
    // Specialities live where they come from.
    for (const auto& p : c.products) {
        if (p.nameVi.find("Bát Tràng") == std::string::npos)
            continue;
        const auto producer = std::find_if(c.producers.begin(), c.producers.end(),
                                           [&](const Producer& x) { return x.id == p.producerId; });
        ASSERT_NE(producer, c.producers.end());
        EXPECT_EQ(producer->district, "Gia Lâm") << p.nameVi;
    }
}

TEST(DemoCatalog, AProducersProductsShareItsGs1CompanyPrefix)
{
    const auto& c = published();
    std::map<std::string, std::string> prefixOf;
    std::set<std::string> prefixes;
    for (const auto& p : c.products) {
        const auto prefix = p.gtin.substr(0, 9); // 893 + 6-digit company number
        const auto [it, fresh] = prefixOf.emplace(p.producerId, prefix);
        EXPECT_EQ(it->second, prefix) << p.code;
        if (fresh) {
            EXPECT_TRUE(prefixes.insert(prefix).second) << p.producerId << " shares a company prefix";
        }
    }
}

TEST(DemoCatalog, PricesVatCertificatesAndTraceabilityLookReal)
{
    std::map<std::string, std::string> districtOf;
    for (const auto& p : published().producers)
        districtOf[p.id] = p.district;
    const std::regex certNo(R"(\d{3,4}/QĐ-UBND)");
    const std::regex isoDate(R"(\d{4}-\d{2}-\d{2})");
    std::size_t withEnglish = 0;
    for (const auto& p : published().products) {
        EXPECT_EQ(p.price % 1000, 0) << p.code;
        if (p.legacyGroup == LegacyGroup::Food) {
            EXPECT_GE(p.price, 35'000) << p.code;
            EXPECT_LE(p.price, 450'000) << p.code;
        } else {
            EXPECT_GE(p.price, 20'000) << p.code;
            EXPECT_LE(p.price, 9'000'000) << p.code;
        }
        EXPECT_TRUE(p.vatRate == 5 || p.vatRate == 8 || p.vatRate == 10) << p.code;
        if (p.vatRate == 5) {
            EXPECT_EQ(p.legacyGroup, LegacyGroup::Food) << p.code << ": only fresh produce is at 5 %";
        }
        if (p.nameVi.rfind("Rượu", 0) == 0) {
            EXPECT_EQ(p.vatRate, 10) << p.nameVi;
        }
        EXPECT_FALSE(p.unit.empty()) << p.code;

        EXPECT_TRUE(std::regex_match(p.certificateNo, certNo)) << p.certificateNo;
        ASSERT_TRUE(std::regex_match(p.certificateIssued, isoDate)) << p.certificateIssued;
        const int year = std::stoi(p.certificateIssued.substr(0, 4));
        EXPECT_GE(year, 2019);
        EXPECT_LE(year, 2025);
        EXPECT_EQ(p.certificateExpiry, addMonthsIso(p.certificateIssued, 36)) << p.code;
        if (p.stars >= 4) {
            EXPECT_EQ(p.certificateIssuer, "UBND Thành phố Hà Nội") << p.code;
            EXPECT_EQ(p.traceUrl, "https://hn.check.net.vn/" + p.code);
            EXPECT_FALSE(p.nameEn.empty()) << p.code;
        } else {
            // Three stars are the producer's own district's to give.
            const auto& district = districtOf.at(p.producerId);
            EXPECT_TRUE(p.certificateIssuer == "UBND quận " + district ||
                        p.certificateIssuer == "UBND huyện " + district ||
                        p.certificateIssuer == "UBND thị xã " + district)
                << p.certificateIssuer << " for a producer in " << district;
            EXPECT_TRUE(p.traceUrl.empty()) << p.code;
        }
        withEnglish += p.nameEn.empty() ? 0 : 1;
    }
    EXPECT_LT(withEnglish, published().products.size()); // optional, not universal
}

TEST(DemoCatalog, NamesAreVietnameseWithDiacritics)
{
    const auto& c = published();
    std::size_t accented = 0;
    for (const auto& p : c.products) {
        EXPECT_TRUE(isValidUtf8(p.nameVi)) << p.code;
        accented += hasNonAscii(p.nameVi) ? 1 : 0;
    }
    EXPECT_GE(accented * 100, c.products.size() * 95);
    for (const auto& p : c.producers)
        EXPECT_TRUE(isValidUtf8(p.name)) << p.id;

    // Real specialities show up, spelled as Hanoians spell them.
    for (const std::string speciality : {"Bánh cốm Làng Vòng", "Giò chả Ước Lễ", "Miến dong Minh Hồng", "Bưởi Diễn",
                                         "Chè Shan tuyết", "Gốm Bát Tràng", "Lụa Vạn Phúc", "Khảm trai Chuyên Mỹ",
                                         "Sơn mài Hạ Thái", "Nón lá Chuông", "Tò he Xuân La"}) {
        const bool found = std::any_of(c.products.begin(), c.products.end(), [&](const Product& p) {
            return p.nameVi.find(speciality) != std::string::npos ||
                   // "Bình hoa gốm Bát Tràng", "Áo dài lụa Vạn Phúc": the craft inside a longer name.
                   p.nameVi.find(speciality.substr(speciality.find(' ') + 1)) != std::string::npos;
        });
        EXPECT_TRUE(found) << speciality;
    }
}

TEST(DemoCatalog, SalesPointsCoverAllThirtyDistricts)
{
    const auto& c = published();
    const auto& first = c.points.front();
    EXPECT_EQ(first.code, "HK01");
    EXPECT_EQ(first.district, "Hoàn Kiếm");

    std::set<std::string> districts, codes;
    const std::regex code(R"([A-Z]{2,3}\d{2})");
    for (const auto& s : c.points) {
        districts.insert(s.district);
        EXPECT_TRUE(codes.insert(s.code).second) << s.code;
        EXPECT_TRUE(std::regex_match(s.code, code)) << s.code;
        EXPECT_EQ(s.name.rfind("Điểm giới thiệu và bán sản phẩm OCOP ", 0), 0u) << s.name;
        EXPECT_NE(s.address.find(s.district), std::string::npos) << s.address;
        EXPECT_NE(s.address.find("Hà Nội"), std::string::npos) << s.address;
    }
    EXPECT_EQ(districts, kHanoiDistricts);
}

TEST(DemoCatalog, DemoUsersCanLogIn)
{
    const auto& users = published().users;
    auto find = [&](const std::string& name) {
        return std::find_if(users.begin(), users.end(), [&](const DemoUser& u) { return u.name == name; });
    };
    const auto lan = find("Nguyễn Thị Lan");
    const auto hung = find("Phạm Văn Hùng");
    const auto mai = find("Trần Thị Mai");
    ASSERT_NE(lan, users.end());
    ASSERT_NE(hung, users.end());
    ASSERT_NE(mai, users.end());
    EXPECT_EQ(lan->role, "cashier");
    EXPECT_EQ(lan->pin, "1111");
    EXPECT_EQ(hung->role, "cashier");
    EXPECT_EQ(hung->pin, "2222");
    EXPECT_EQ(mai->role, "manager");
    EXPECT_EQ(mai->pin, "9999");
    const std::regex id(R"(U\d{3})");
    std::set<std::string> ids;
    for (const auto& u : users) {
        EXPECT_TRUE(std::regex_match(u.id, id)) << u.id;
        EXPECT_TRUE(ids.insert(u.id).second) << u.id;
    }
}

TEST(DemoCatalog, OpeningStockShowsSomeSoldOut)
{
    const auto& stock = published().openingStock;
    const auto zeros = std::count(stock.begin(), stock.end(), 0);
    EXPECT_GT(zeros, 0);
    EXPECT_LT(zeros, static_cast<std::ptrdiff_t>(stock.size() / 10));
}

TEST(DemoCatalog, ScalesProportionallyWithExactCounts)
{
    const auto& c = scaled16k();
    ASSERT_EQ(c.products.size(), 16'000u);
    expectStructurallySound(c);
    const double f = 16'000.0 / 1054.0;
    auto near = [&](std::size_t actual, double published) { return std::abs(double(actual) - published * f) <= 1.0; };

    EXPECT_TRUE(near(c.producers.size(), 255)) << c.producers.size();
    const auto kinds = byKind(c);
    EXPECT_EQ(kinds.at(ProducerKind::Enterprise) + kinds.at(ProducerKind::Cooperative) + kinds.at(ProducerKind::Household),
              c.producers.size());
    EXPECT_TRUE(near(kinds.at(ProducerKind::Enterprise), 72));
    EXPECT_TRUE(near(kinds.at(ProducerKind::Cooperative), 82));
    EXPECT_TRUE(near(kinds.at(ProducerKind::Household), 101));

    const auto groups = byLegacyGroup(c);
    EXPECT_TRUE(near(groups.at(LegacyGroup::Food), 691));
    EXPECT_TRUE(near(groups.at(LegacyGroup::Drinks), 30));
    EXPECT_TRUE(near(groups.at(LegacyGroup::Herbal), 7));
    EXPECT_TRUE(near(groups.at(LegacyGroup::Textile), 27));
    EXPECT_TRUE(near(groups.at(LegacyGroup::SouvenirFurniture), 299));

    const auto potential = std::count_if(c.products.begin(), c.products.end(),
                                         [](const Product& p) { return p.potentialFiveStar; });
    EXPECT_TRUE(near(static_cast<std::size_t>(potential), 17)) << potential;

    EXPECT_TRUE(near(c.points.size(), 35)) << c.points.size();
    std::set<std::string> districts, codes;
    for (const auto& s : c.points) {
        districts.insert(s.district);
        EXPECT_TRUE(codes.insert(s.code).second) << s.code;
    }
    EXPECT_EQ(districts, kHanoiDistricts);
    EXPECT_EQ(c.points.front().code, "HK01");
}

TEST(DemoCatalog, HundredThousandProductsStayUnique)
{
    const auto c = makeDemoCatalog(100'000);
    ASSERT_EQ(c.products.size(), 100'000u);
    EXPECT_EQ(c.products.back().code, "OCOP-100000");
    std::set<std::string> gtins, names;
    for (const auto& p : c.products) {
        EXPECT_TRUE(gtins.insert(p.gtin).second) << p.gtin;
        EXPECT_TRUE(names.insert(p.nameVi).second) << p.nameVi;
    }
}

TEST(DemoCatalog, TinyCatalogsStayConsistent)
{
    for (std::size_t n : {0u, 1u, 2u, 5u, 13u, 100u}) {
        SCOPED_TRACE(n);
        const auto c = makeDemoCatalog(n);
        EXPECT_EQ(c.products.size(), n);
        EXPECT_LE(c.producers.size(), n);
        EXPECT_EQ(c.points.size(), 30u); // at least one per district
        EXPECT_FALSE(c.users.empty());
        expectStructurallySound(c);
    }
}

TEST(DemoCatalog, RefusesSizesItCannotNumber)
{
    EXPECT_THROW(makeDemoCatalog(kDemoMaxProducts + 1), UserError);
}
