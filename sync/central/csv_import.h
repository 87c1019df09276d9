#pragma once
// The city's spreadsheet of OCOP products, as CSV (RFC 4180: comma-separated,
// fields with commas, quotes or line breaks in double quotes, "" for a quote;
// UTF-8 with or without a byte-order mark; CRLF or LF). The first record is a
// header naming the columns, in any order, case-insensitive:
//
//   column               required  meaning
//   code                 yes       shop code, e.g. OCOP-00001 (unique)
//   name                 yes       Vietnamese name
//   group                yes       2023 group: food, drinks, herbal, handicraft, ornamental, tourism,
//                                  1-6, or the Vietnamese name (Thực phẩm ...)
//   stars                yes       3, 4 or 5
//   price                yes       VAT-inclusive đồng, whole number; 125000, 125.000 or 125,000
//   vat_rate             yes       0, 5, 8 or 10 (a trailing % is allowed)
//   gtin                           empty or a valid GTIN-8/12/13/14 (unique)
//   name_en                        English name
//   legacy_group                   1048/2019 group: food, drinks, herbal, textile, souvenir,
//                                  rural_tourism or 1-6 (default: from group)
//   potential_five_star            1/0, yes/no, true/false, x, có/không
//   certificate_no, issuer         OCOP certificate number and issuing authority
//   issued, expiry                 YYYY-MM-DD or DD/MM/YYYY; expiry defaults to issued + 36 months
//   producer_id                    producer code, e.g. NSX-0001
//   producer_name, producer_kind   describe the producer (kind: enterprise, cooperative, household
//   commune, district, province    or Doanh nghiệp / Hợp tác xã / Hộ kinh doanh); a producer_id
//                                  without a name must already exist or be described on another row
//   unit                           selling unit, e.g. hộp, chai, cái
//   active                         1/0 ... (default 1)
//   image, trace_url               picture path or URL, traceability URL for the QR code
//
// Every row is validated; each bad row is reported with its line number (the
// physical line where the record starts; the header is line 1).
#include "central_store.h"

#include <string>
#include <string_view>
#include <vector>

namespace ocop::central {

extern const char* const kCatalogCsvHelp;

struct CsvRecord {
    std::size_t line = 0;
    std::vector<std::string> fields;
};

// Throws UserError("line N: ...") for an unterminated quote or stray text after one.
std::vector<CsvRecord> parseCsv(std::string_view text);

struct ImportProblem {
    std::size_t line = 0;
    std::string reason;
};

struct ImportPlan {
    std::vector<Producer> producers; // new or described in the file, from good rows
    std::vector<Product> products;   // good rows
    std::vector<ImportProblem> problems;
    std::size_t rows = 0;            // data rows read
};

// Validates the whole file against the current catalog. A header problem is
// reported as line 1 and leaves no good rows.
ImportPlan planCatalogImport(std::string_view csv, const CatalogSnapshot& current);

std::string exportCatalogCsv(const CatalogSnapshot& catalog);

} // namespace ocop::central
