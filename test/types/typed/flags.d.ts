

declare module 'splitkit' {
  interface FlagRegistry {
    gates: {
      new_checkout: true;
    };
    experiments: {
      button_color: { variant: "red" | "blue"; params: { color: string } };
    };
    params: {
      free_shipping_threshold: number;
    };
  }
}
