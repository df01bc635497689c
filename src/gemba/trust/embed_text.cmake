# cmake -DIN=<text file> -DOUT=<.cc> -DSYMBOL=<C++ name> -P embed_text.cmake
# Writes a .cc defining `extern const char* const gemba::trust::<SYMBOL>` holding the file's text.
file(READ "${IN}" text)
string(FIND "${text}" ")gemba_text\"" clash)
if(NOT clash EQUAL -1)
  message(FATAL_ERROR "${IN} contains the raw-string delimiter")
endif()
file(WRITE "${OUT}.tmp" "// Generated from ${IN} by embed_text.cmake; do not edit.\n"
  "namespace gemba::trust {\n"
  "extern const char* const ${SYMBOL};\n"
  "const char* const ${SYMBOL} = R\"gemba_text(${text})gemba_text\";\n"
  "}  // namespace gemba::trust\n")
file(COPY_FILE "${OUT}.tmp" "${OUT}" ONLY_IF_DIFFERENT)
file(REMOVE "${OUT}.tmp")
