// placeholder entry point; the CLI grows in apps/roost/commands/
#include <cstdio>
int main() {
  std::puts("roost 0.1.0");
  return 0;
}
