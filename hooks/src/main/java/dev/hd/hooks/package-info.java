/** Installing, chaining and uninstalling the git hooks that call hd. */
package dev.hd.hooks;
