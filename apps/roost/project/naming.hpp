#pragma once
// Names the way Laravel and @roostjs/orm derive them: table `posts` ↔ model `Post`,
// `user_profiles` ↔ `UserProfile`, column `author_id` ↔ relation `author`. English
// inflection is only approximated (regular plurals plus a few common irregular words).
#include <string>
#include <string_view>

namespace roost::project {

std::string singular(std::string_view word);        // posts -> post, categories -> category
std::string plural(std::string_view word);          // post -> posts, category -> categories
std::string pascalCase(std::string_view snake);     // user_profile -> UserProfile
std::string camelCase(std::string_view snake);      // user_profiles -> userProfiles
std::string snakeCase(std::string_view camel);      // UserProfile -> user_profile

std::string modelNameForTable(std::string_view table);  // user_profiles -> UserProfile
std::string tableNameForModel(std::string_view model);  // UserProfile -> user_profiles

}  // namespace roost::project
