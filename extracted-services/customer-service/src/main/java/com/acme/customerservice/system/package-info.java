/** Cross-cutting web code: the database's refusals as the shop's API answers them. */
@NullMarked
package com.acme.customerservice.system;

import org.jspecify.annotations.NullMarked;
