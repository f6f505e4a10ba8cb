import { PeprModule } from "pepr";
import cfg from "./package.json";
import { TourMutate } from "./capabilities/tour-mutate";
import { TourValidate } from "./capabilities/tour-validate";
import { TourStore } from "./capabilities/tour-store";

new PeprModule(cfg, [TourMutate, TourValidate, TourStore]);
