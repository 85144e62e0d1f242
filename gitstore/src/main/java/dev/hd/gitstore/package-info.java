/** Everything JGit: spec sources over commits and working trees, revisions, ref map, mirrors. */
package dev.hd.gitstore;
