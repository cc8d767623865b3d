# Prints each failed test's name and the first lines of its message from a .trx file.
function unescape(text) {
  gsub(/&quot;/, "\"", text); gsub(/&apos;/, "'", text); gsub(/&lt;/, "<", text); gsub(/&gt;/, ">", text); gsub(/&amp;/, "\\&", text)
  return text
}
/<UnitTestResult / {
  failed = ($0 ~ /outcome="Failed"/)
  if (failed) { name = $0; sub(/.* testName="/, "", name); sub(/".*/, "", name); print "FAILED: " unescape(name) }
}
failed && /<Message>/ { inMessage = 1; lines = 0; sub(/.*<Message>/, "") }
inMessage {
  last = ($0 ~ /<\/Message>/); sub(/<\/Message>.*/, "")
  if (lines < 6) print "    " unescape($0); else if (lines == 6) print "    ..."
  lines++
  if (last) { inMessage = 0; failed = 0 }
}
