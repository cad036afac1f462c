#pragma once
// Tab completion for the console, as a pure function of the text left of the cursor and
// what the session knows (models, their relations and columns, variables). libedit calls
// it through the session; tests and the fuzz target call it directly.
//
//   "Po"                         -> Post, Profile            (models, variables, let)
//   "Post.wh"                    -> where, whereIn, …        (query methods, relations)
//   "Post.where('st"             -> status                   (the model's columns)
//   "u.attributes.na"            -> name                     (a record variable's columns)
//   ".sch" / ".schema po"        -> .schema / posts
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace roost::console {

struct CompletionSource {
  std::function<std::vector<std::string>()> models;                            // model names
  std::function<std::vector<std::string>()> tables;                            // table names
  std::function<std::vector<std::string>()> variables;                         // variable names
  std::function<std::string(std::string_view variable)> variableModel;         // "User" when it holds a User record
  std::function<std::vector<std::string>(std::string_view model)> relations;   // relation names of a model
  std::function<std::vector<std::string>(std::string_view model)> columns;     // column names of a model
  std::function<std::string(std::string_view model, std::string_view relation)> relatedModel;
};

struct Completion {
  std::size_t start = 0;               // byte offset where the completed word begins
  std::vector<std::string> candidates;  // whole words that extend line[start..]
};

Completion complete(std::string_view lineBeforeCursor, const CompletionSource& source);

}  // namespace roost::console
