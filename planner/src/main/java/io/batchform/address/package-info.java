/** Typed, sortable addresses of the resources a spec declares ({@code pool.render}, {@code subnet.main.pools}). */
package io.batchform.address;
