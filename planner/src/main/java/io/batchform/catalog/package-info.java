/** Facts about Azure shipped with batchform (the VM size catalog), each with its source noted beside the data. */
package io.batchform.catalog;
