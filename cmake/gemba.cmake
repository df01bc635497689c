# gemba_cc_library / gemba_cc_test / gemba_cc_fuzz: one target per layer or capability, its
# dependencies declared, so that a forbidden include fails to link (see docs/architecture.md).

set(GEMBA_SRC_ROOT ${PROJECT_SOURCE_DIR}/src)

function(gemba_apply_options target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wno-unused-parameter -Wno-missing-field-initializers)
  if(GEMBA_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()

if(GEMBA_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  add_link_options(-fsanitize=address,undefined)
endif()

# gemba_cc_library(NAME name SRCS ... DEPS ... [PUBLIC_DEPS ...])
function(gemba_cc_library)
  cmake_parse_arguments(G "" "NAME" "SRCS;DEPS;PUBLIC_DEPS" ${ARGN})
  add_library(gemba_${G_NAME} STATIC ${G_SRCS})
  target_include_directories(gemba_${G_NAME} PUBLIC ${GEMBA_SRC_ROOT})
  target_link_libraries(gemba_${G_NAME} PUBLIC ${G_PUBLIC_DEPS} PRIVATE ${G_DEPS})
  gemba_apply_options(gemba_${G_NAME})
endfunction()

# gemba_cc_test(NAME name SRCS ... DEPS ... [LABELS ...])
function(gemba_cc_test)
  cmake_parse_arguments(G "" "NAME" "SRCS;DEPS;LABELS" ${ARGN})
  add_executable(${G_NAME} ${G_SRCS})
  target_link_libraries(${G_NAME} PRIVATE ${G_DEPS} GTest::gtest GTest::gmock GTest::gtest_main)
  gemba_apply_options(${G_NAME})
  add_test(NAME ${G_NAME} COMMAND ${G_NAME})
  if(G_LABELS)
    set_tests_properties(${G_NAME} PROPERTIES LABELS "${G_LABELS}")
  endif()
endfunction()

# gemba_cc_fuzz(NAME name SRCS ... DEPS ...): a libFuzzer target (clang, GEMBA_FUZZ=ON).
function(gemba_cc_fuzz)
  cmake_parse_arguments(G "" "NAME" "SRCS;DEPS" ${ARGN})
  add_executable(${G_NAME} ${G_SRCS})
  target_compile_options(${G_NAME} PRIVATE -fsanitize=fuzzer,address,undefined)
  target_link_options(${G_NAME} PRIVATE -fsanitize=fuzzer,address,undefined)
  target_link_libraries(${G_NAME} PRIVATE ${G_DEPS})
endfunction()

if(GEMBA_FUZZ)
  # Instrument every library for coverage; the fuzz executables add the libFuzzer main.
  add_compile_options(-fsanitize=fuzzer-no-link,address,undefined)
  add_link_options(-fsanitize=address,undefined)
endif()

include(${CMAKE_CURRENT_LIST_DIR}/embed_migrations.cmake)
