export * from './device-data.module';
export {
  DeviceDataSealer,
  deviceDataSealerFor,
  openDeviceKeyTable,
  type RawDevice,
  type DeviceDataSealerOptions,
} from './device-data-sealer';
export { DeviceDataErasureConsumer, DEVICE_DATA_ERASURE_CONSUMER } from './device-data-erasure.consumer';
export {
  InMemoryDeviceKeyTable,
  type DeviceKeyTable,
  type DeviceKeyEntry,
  type StoredDeviceKey,
} from './device-key-table';
export { SqlDeviceKeyTable } from './sql-device-key-table';
