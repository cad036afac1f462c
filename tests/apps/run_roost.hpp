#pragma once
// Runs the real roost binary (ROOST_EXE) the way a user would: in a given folder, with
// stdout and stderr captured, and returns the exit status. spawnRoost starts it without
// waiting, for tests that interrupt a run.
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <iterator>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "support/temp_files.hpp"

namespace roost::test {


struct RunResult {
  int status = -1;  // exit status; 128 + signal when killed
  std::string out, err;
  bool contains(const std::string& s) const { return out.find(s) != std::string::npos || err.find(s) != std::string::npos; }
};

using Env = std::vector<std::pair<std::string, std::string>>;

// Starts roost in cwd with output going to the two files and stdin read from inFile (empty:
// /dev/null); returns the child's pid. COLUMNS is unset unless env sets it, so tables are
// never fitted to the terminal ctest runs in.
inline pid_t spawnRoost(const std::filesystem::path& cwd, const std::vector<std::string>& args,
                        const std::filesystem::path& outFile, const std::filesystem::path& errFile, const Env& env = {},
                        const std::filesystem::path& inFile = {}) {
  std::vector<std::string> argvStore{ROOST_EXE};
  argvStore.insert(argvStore.end(), args.begin(), args.end());
  const pid_t pid = ::fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    if (::chdir(cwd.c_str()) != 0) ::_exit(127);
    const int out = ::open(outFile.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    const int err = ::open(errFile.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (out < 0 || err < 0) ::_exit(127);
    ::dup2(out, STDOUT_FILENO);
    ::dup2(err, STDERR_FILENO);
    const int in = ::open(inFile.empty() ? "/dev/null" : inFile.c_str(), O_RDONLY);
    if (in < 0 && !inFile.empty()) ::_exit(127);
    if (in >= 0) ::dup2(in, STDIN_FILENO);
    ::unsetenv("CLOUDFLARE_ENV");
    ::unsetenv("COLUMNS");
    ::unsetenv("NO_COLOR");
    for (const auto& [k, v] : env) ::setenv(k.c_str(), v.c_str(), 1);
    std::vector<char*> argv;
    for (auto& a : argvStore) argv.push_back(a.data());
    argv.push_back(nullptr);
    ::execv(argv[0], argv.data());
    ::_exit(127);
  }
  return pid;
}

inline int waitStatus(pid_t pid) {
  int st = 0;
  while (::waitpid(pid, &st, 0) < 0) {
  }
  if (WIFEXITED(st)) return WEXITSTATUS(st);
  if (WIFSIGNALED(st)) return 128 + WTERMSIG(st);
  return -1;
}

// Runs roost to the end; with `input`, that text is its stdin (a file, so not a terminal).
inline RunResult runRoost(const std::filesystem::path& cwd, const std::vector<std::string>& args, const Env& env = {},
                          const std::string* input = nullptr) {
  static std::atomic<int> n{0};
  const auto base = std::filesystem::temp_directory_path() /
                    ("roost-run-" + std::to_string(::getpid()) + "-" + std::to_string(n++));
  const auto outFile = base.string() + ".out", errFile = base.string() + ".err", inFile = base.string() + ".in";
  if (input) writeFile(inFile, *input);
  RunResult r;
  r.status = waitStatus(spawnRoost(cwd, args, outFile, errFile, env, input ? std::filesystem::path(inFile) : std::filesystem::path()));
  r.out = readFile(outFile);
  r.err = readFile(errFile);
  std::filesystem::remove(outFile);
  std::filesystem::remove(errFile);
  if (input) std::filesystem::remove(inFile);
  return r;
}

}  // namespace roost::test
