# Turns numbered migration files (NNNN_name.sql) into a C++ source so that the
# executables carry their schema. Invoked as a script:
#   cmake -DOUT=file.cpp -DFUNCTION=terminalMigrations -DDIR=schema/terminal -P embed_sql.cmake
file(GLOB files RELATIVE ${DIR} ${DIR}/*.sql)
list(SORT files)
set(body "")
foreach(f ${files})
  string(REGEX MATCH "^([0-9]+)_(.*)\\.sql$" matched ${f})
  if(NOT matched)
    message(FATAL_ERROR "migration ${f} is not named NNNN_name.sql")
  endif()
  math(EXPR version "${CMAKE_MATCH_1} + 0")
  file(READ ${DIR}/${f} sql)
  string(APPEND body "        {${version}, \"${CMAKE_MATCH_2}\", R\"ocopsql(${sql})ocopsql\"},\n")
endforeach()
file(WRITE ${OUT}.tmp "// Generated from ${DIR} by schema/embed_sql.cmake; do not edit.\n#include \"store/migrations.h\"\n\nnamespace ocop {\n\nconst std::vector<Migration>& ${FUNCTION}()\n{\n    static const std::vector<Migration> migrations{\n${body}    };\n    return migrations;\n}\n\n} // namespace ocop\n")
file(COPY_FILE ${OUT}.tmp ${OUT} ONLY_IF_DIFFERENT)
