# gemba_embed_migrations(TARGET <target> NAME <capability> DIR <dir> [NAMESPACE <ns>])
#
# Compiles the migration files of one capability into <target>: a generated .cc defines
#   namespace <ns> { const std::vector<gemba::store::Migration>& <NAME>_migrations(); }
# (<ns> defaults to gemba), which the capability declares in its own migrations.h. The file
# convention (NNNN_name.sql, or NNNN_name.sqlite.sql / NNNN_name.postgres.sql) is documented in
# src/gemba/store/migrations.h. Adding or removing a file re-runs CMake (CONFIGURE_DEPENDS);
# editing one regenerates the .cc at build time.

function(gemba_embed_migrations)
  cmake_parse_arguments(G "" "TARGET;NAME;DIR;NAMESPACE" "" ${ARGN})
  # (functions are global; resolve the script beside this file, whichever directory calls)
  set(script "${CMAKE_CURRENT_FUNCTION_LIST_DIR}/embed_migrations_gen.cmake")
  foreach(arg TARGET NAME DIR)
    if(NOT G_${arg})
      message(FATAL_ERROR "gemba_embed_migrations: ${arg} is required")
    endif()
  endforeach()
  if(NOT G_NAMESPACE)
    set(G_NAMESPACE gemba)
  endif()
  if(NOT G_NAME MATCHES "^[A-Za-z_][A-Za-z0-9_]*$")
    message(FATAL_ERROR "gemba_embed_migrations: NAME '${G_NAME}' must be a C++ identifier")
  endif()
  get_filename_component(dir "${G_DIR}" ABSOLUTE BASE_DIR "${CMAKE_CURRENT_SOURCE_DIR}")
  file(GLOB sql_files CONFIGURE_DEPENDS "${dir}/*.sql")
  set(out "${CMAKE_CURRENT_BINARY_DIR}/gemba_migrations/${G_NAME}_migrations.cc")
  set(args -DGEMBA_MIGRATIONS_NAME=${G_NAME} -DGEMBA_MIGRATIONS_NAMESPACE=${G_NAMESPACE}
           "-DGEMBA_MIGRATIONS_DIR=${dir}" "-DGEMBA_MIGRATIONS_OUT=${out}")
  # Check the files now, so a misnamed one fails at configure time rather than mid-build.
  execute_process(COMMAND ${CMAKE_COMMAND} ${args} -DGEMBA_MIGRATIONS_CHECK_ONLY=ON
                          -P ${script}
                  RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "gemba_embed_migrations: bad migration files in ${dir}")
  endif()
  add_custom_command(
    OUTPUT "${out}"
    COMMAND ${CMAKE_COMMAND} ${args} -P ${script}
    DEPENDS ${sql_files} ${script}
    COMMENT "Embedding ${G_NAME} migrations from ${dir}"
    VERBATIM)
  target_sources(${G_TARGET} PRIVATE "${out}")
endfunction()
