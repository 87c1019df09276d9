#pragma once
// Schema migrations compiled in from schema/<db>/NNNN_name.sql.
#include <string_view>
#include <vector>

namespace ocop {

struct Migration {
    int version;
    std::string_view name;
    std::string_view sql;
};

const std::vector<Migration>& terminalMigrations();

} // namespace ocop
