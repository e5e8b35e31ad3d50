/** Fleet-wide safety: the global trading switch (tripped by the emergency stop, re-armed only by an admin). */
package io.ftfleet.risk;
