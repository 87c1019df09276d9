#pragma once
// The OCOP catalog as the terminal sees it. Authored centrally; a terminal
// only reads it.
#include "core/money.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ocop {

// The six product groups of Decision 148/2023/QĐ-TTg.
enum class OcopGroup : int {
    Food = 1,          // Thực phẩm
    Drinks = 2,        // Đồ uống
    Herbal = 3,        // Thảo dược
    Handicraft = 4,    // Thủ công mỹ nghệ (textile, souvenir, furniture, decoration)
    Ornamental = 5,    // Sinh vật cảnh
    TourismService = 6 // Dịch vụ du lịch cộng đồng và điểm du lịch
};

// The six groups of the older Decision 1048/QĐ-TTg (2019) that Hanoi's
// published figures still use; each maps onto one 2023 group.
enum class LegacyGroup : int {
    Food = 1,              // Thực phẩm
    Drinks = 2,            // Đồ uống
    Herbal = 3,            // Thảo dược
    Textile = 4,           // Vải và may mặc
    SouvenirFurniture = 5, // Lưu niệm - nội thất - trang trí
    RuralTourism = 6       // Dịch vụ du lịch nông thôn, bán hàng
};

OcopGroup groupFromLegacy(LegacyGroup legacy);
std::string_view groupKey(OcopGroup g);        // "food", "drinks", ...
std::string_view groupNameVi(OcopGroup g);      // "Thực phẩm", ...
std::string_view groupNameEn(OcopGroup g);
std::string_view legacyGroupKey(LegacyGroup g); // "food", ..., "textile", "souvenir"
std::optional<OcopGroup> groupFromKey(std::string_view key);
std::optional<LegacyGroup> legacyGroupFromKey(std::string_view key);

enum class ProducerKind : int { Enterprise = 1, Cooperative = 2, Household = 3 };
std::string_view producerKindKey(ProducerKind k);   // "enterprise", "cooperative", "household"
std::string_view producerKindNameVi(ProducerKind k); // "Doanh nghiệp", "Hợp tác xã", "Hộ kinh doanh"
std::optional<ProducerKind> producerKindFromKey(std::string_view key);

struct Producer {
    std::string id; // stable code, e.g. "NSX-0001"
    std::string name;
    ProducerKind kind = ProducerKind::Household;
    std::string commune;
    std::string district;
    std::string province = "Hà Nội";
};

struct Product {
    std::string code; // shop code, e.g. "OCOP-00001"
    std::string gtin; // empty or a valid GTIN-8/12/13/14
    std::string nameVi;
    std::string nameEn; // optional
    OcopGroup group = OcopGroup::Food;
    LegacyGroup legacyGroup = LegacyGroup::Food;
    int stars = 3; // 3, 4 or 5
    bool potentialFiveStar = false;
    std::string certificateNo;
    std::string certificateIssuer;
    std::string certificateIssued; // YYYY-MM-DD
    std::string certificateExpiry; // YYYY-MM-DD; 36 months after issue unless stated
    std::string producerId;
    std::string unit = "cái";
    Money price = 0; // VAT-inclusive
    int vatRate = 8; // 0, 5, 8 or 10
    bool active = true;
    std::string image;    // optional path or URL
    std::string traceUrl; // optional traceability URL printed in its QR code
};

struct SalesPoint {
    std::string code; // e.g. "HK01"
    std::string name;
    std::string address;
    std::string district;
    // The point's bank account that VietQR transfers pay into, published by
    // the centre (empty: none; a terminal may then set its own).
    std::string bankBin;         // 6 digits (NAPAS BIN)
    std::string bankAccount;     // 1 to 19 letters or digits
    std::string bankAccountName; // holder, shown next to the code
};

// Throws UserError with a one-line reason when the product is not sellable
// data (bad GTIN, stars out of range, unknown VAT rate, negative price...).
void validateProduct(const Product& p);

// "2024-03-15" + 36 months -> "2027-03-15" (clamped to month end).
std::string addMonthsIso(std::string_view isoDate, int months);

} // namespace ocop
