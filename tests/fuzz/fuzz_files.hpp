#pragma once
// For fuzz targets whose parser reads files: one scratch project folder per fuzzer process
// (under the working directory, which run_fuzz.cmake sets to the target's work folder), into
// which each input is written before the real entry point reads it.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>

namespace roost::fuzz {

class ScratchProject {
 public:
  ScratchProject() : dir_(std::filesystem::current_path() / ("scratch-" + std::to_string(::getpid()))) {
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
  }
  ~ScratchProject() {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  ScratchProject(const ScratchProject&) = delete;
  ScratchProject& operator=(const ScratchProject&) = delete;

  const std::filesystem::path& dir() const noexcept { return dir_; }

  // Writes bytes to dir/relative (folders made as needed) and returns the file's path.
  std::filesystem::path write(const std::string& relative, std::string_view bytes) const {
    const std::filesystem::path file = dir_ / relative;
    std::filesystem::create_directories(file.parent_path());
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (!out) std::abort();
    return file;
  }

 private:
  std::filesystem::path dir_;
};

inline std::string_view bytesOf(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

}  // namespace roost::fuzz
