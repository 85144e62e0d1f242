/** The store, source cache, unpacking, build environment, scheduler, publish, locks, profiles. */
package dev.hd.builder;
