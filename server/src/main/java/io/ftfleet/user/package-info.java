/** Users, roles, the registration policy's target (account creation), passwords and API keys. */
package io.ftfleet.user;
