/** A small HTTP client for the shop's public API, used by the end-to-end suite. */
export interface ShopResponse {
  readonly status: number;
  readonly headers: Headers;
  readonly body: Record<string, unknown>;
}

export function shopClient(baseUrl: string) {
  const call = async (
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<ShopResponse> => {
    const response = await fetch(new URL(path, baseUrl), {
      method,
      headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
    const text = await response.text();
    return {
      status: response.status,
      headers: response.headers,
      body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
    };
  };
  return {
    call,
    setStock: (sku: string, available: number) =>
      call('PUT', `/inventory/${encodeURIComponent(sku)}`, { available }),
    stock: (sku: string) => call('GET', `/inventory/${encodeURIComponent(sku)}`),
    placeOrder: (body: unknown, key: string, prefer?: string) =>
      call('POST', '/orders', body, { 'idempotency-key': key, ...(prefer ? { prefer } : {}) }),
    order: (orderId: string) => call('GET', `/orders/${encodeURIComponent(orderId)}`),
    payment: (orderId: string) => call('GET', `/payments/${encodeURIComponent(orderId)}`),
    notifications: (customerId: string) =>
      call('GET', `/customers/${encodeURIComponent(customerId)}/notifications`),
  };
}
