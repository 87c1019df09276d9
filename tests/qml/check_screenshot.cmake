# ctest helper: run `ocop-pos --screenshot` for one screen and size, and check
# the PNG exists and is not trivially small (an empty or broken render).
execute_process(COMMAND ${EXE} --screenshot ${OUT} --screen ${SCREEN} --size ${SIZE}
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "ocop-pos --screenshot ${SCREEN} exited ${rc}: ${err}")
endif()
if(NOT EXISTS ${OUT})
  message(FATAL_ERROR "no screenshot written at ${OUT}")
endif()
file(SIZE ${OUT} size)
if(size LESS 20000)
  message(FATAL_ERROR "screenshot ${OUT} is only ${size} bytes")
endif()
if(err MATCHES "warning|Warning|error|Error|qrc:/")
  message(FATAL_ERROR "ocop-pos printed warnings for ${SCREEN}: ${err}")
endif()
message(STATUS "${OUT}: ${size} bytes")
