/**
 * The tuner: finds values for a formula's tunable constants ({@code // @param} comments) that minimise a simulated
 * figure under constraints on others, over several seeds, by grid search for one or two constants and CMA-ES
 * beyond; reports the best setting, the cost / queue-wait trade-off and the formula with the values filled in.
 */
package io.batchform.autoscale.tune;
