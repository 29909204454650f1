/** Cross-cutting web code: problem documents exactly as the shop's API answers them, and paging. */
@NullMarked
package com.acme.customerservice.system;

import org.jspecify.annotations.NullMarked;
